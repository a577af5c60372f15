import FlowCore
import FlowExport
import FlowReport
import Foundation
import SiteKit
import SyntheticFamily

/// Feature pages per second and page sizes, on a synthetic family rendered with `--pages all`.
/// Baseline (same run): writing the same bytes to disk with no rendering — the I/O floor.
/// With `FLOWBENCH_FILL_EVIDENCE=<flow.sqlite>` it only fills synthetic evidence into that database (for looking at
/// evidence pages of a hand-built site) and returns.
func runSiteBenchmark(layers: Int = 26, width: Int = 512) throws {
    if let path = ProcessInfo.processInfo.environment["FLOWBENCH_FILL_EVIDENCE"] {
        let database = try FlowDatabase(path: path, mustExist: true)
        try SyntheticEvidence.fill(database, table: try database.scoreTable())
        print("  synthetic evidence written into \(path)")
        return
    }
    print("\n== site: feature pages (synthetic \(layers) layers × \(width) features, d_model 256, --pages all)")
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("ff-bench-site-\(getpid())").path
    defer { try? FileManager.default.removeItem(atPath: root) }
    let options = SyntheticFamilyOptions(
        layers: layers, dModel: 256, width: width, seed: 1, truthCheck: TruthCheck.none)
    _ = try SyntheticFamilyWriter(options: options).write(to: root + "/saes")
    let database = try FlowDatabase(path: root + "/flow.sqlite")
    _ = try MatchPipeline(matcher: FeatureMatcher(), database: database).run(
        saes: try SAECatalog.load(path: root + "/saes").saes, request: .init(input: root + "/saes"))
    let analysis = FlowAnalysis(table: try database.scoreTable())
    // Pages with evidence (contexts, histograms, …); FLOWBENCH_SITE_NO_EVIDENCE=1 measures them without.
    let withEvidence = ProcessInfo.processInfo.environment["FLOWBENCH_SITE_NO_EVIDENCE"] == nil
    if withEvidence { try SyntheticEvidence.fill(database, table: analysis.table) }
    let labels = try LabelSet.load(paths: [root + "/saes/labels.jsonl"])
    var siteOptions = SiteOptions()
    siteOptions.budget = .all
    siteOptions.includeDatabase = false
    let builder = SiteBuilder(options: siteOptions)
    let contextCPUStart = processCPUSeconds()
    let context = try builder.context(database: database, analysis: analysis, labels: labels)
    let contextCPU = processCPUSeconds() - contextCPUStart

    let staging = SiteStaging(root: root + "/site")
    try FileManager.default.createDirectory(atPath: staging.root, withIntermediateDirectories: true)
    let start = Date()
    let cpuStart = processCPUSeconds()
    let systemStart = processSystemSeconds()
    let summary = try builder.build(
        context: context, database: database, into: staging, printer: ProgressPrinter(quiet: true))
    let total = Date().timeIntervalSince(start)
    let cpu = processCPUSeconds() - cpuStart
    let system = processSystemSeconds() - systemStart
    let pagesPerSecond = Double(summary.featurePages) / summary.featureSeconds

    var sizes: [Int] = []
    var pages: [(String, Data)] = []
    for id in context.selection.residual {
        let path = staging.root + "/" + SiteLinks.featurePage(id)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        sizes.append(data.count)
        pages.append((SiteLinks.featurePage(id), data))
    }
    if let sample = ProcessInfo.processInfo.environment["FLOWBENCH_SITE_SAMPLE"] {
        // The median-sized residual page and its JSON, for looking at what the bytes are spent on.
        let median = pages.sorted { ($0.1.count, $0.0) < ($1.1.count, $1.0) }[pages.count / 2]
        try median.1.write(to: URL(fileURLWithPath: sample + ".html"))
    }
    sizes.sort()
    let floorStaging = SiteStaging(root: root + "/floor")
    let floorStart = Date()
    for (path, data) in pages { try floorStaging.write(data, to: path) }
    let floorSeconds = Date().timeIntervalSince(floorStart)
    let floorRate = Double(pages.count) / floorSeconds

    print(
        "  pages: \(summary.residualPages) residual + \(summary.modulePages) module feature pages, \(summary.otherPages) others"
    )
    print(String(format: "  feature pages/s: %.0f (target ≥ 1000) · whole site %.1f s", pagesPerSecond, total))
    // On a shared machine the wall-clock rate depends on the neighbours; CPU time much less so.
    let cores = ProcessInfo.processInfo.activeProcessorCount
    print(
        String(
            format: "  CPU: %.2f ms per feature page (whole build) · on %d idle cores ≈ %.0f pages/s",
            cpu / Double(summary.featurePages) * 1000, cores, Double(cores * summary.featurePages) / cpu))
    // The kernel's share is mostly creating files; on a shared disk with many recently deleted files (other benchmark
    // runs) ext4's inode allocation alone can cost more than the rendering.
    print(
        String(
            format: "       of which in the kernel (creating and writing files): %.2f ms per feature page",
            system / Double(summary.featurePages) * 1000))
    print(
        String(
            format: "  report context before rendering (selection, top-k, evidence of every paged feature): %.2f s CPU",
            contextCPU))
    print(
        String(
            format: "  residual page size: median %.1f KB, p95 %.1f KB ("
                + (withEvidence ? "with" : "without") + " evidence; target median ≤ 28 KB with evidence)",
            Double(sizes[sizes.count / 2]) / 1000, Double(sizes[sizes.count * 95 / 100]) / 1000))
    print(
        String(
            format:
                "  baseline: writing the same residual pages only: %.0f pages/s · rendering costs %.1f× the I/O floor",
            floorRate, floorRate / pagesPerSecond))
}

/// System (kernel) CPU time of this process, all threads.
private func processSystemSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
}

/// CPU time of this process, all threads.
private func processCPUSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}
