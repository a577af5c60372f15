import FlowCore
import FlowExport
import FlowReport
import Foundation
import SiteKit
import SyntheticFamily

/// End-to-end run on a synthetic Gemma-2B-shaped set (issue 7): `layers` × res/mlp/att JumpReLU SAEs of
/// 16,384 × 2,304 (BF16 by default, SAELens folders) generated into a temp folder, then for exact and
/// approximate matching: match → analyse → render, each stage in its own child process so its wall
/// time and peak RSS (VmHWM) are its own. Prints the approx/exact agreement (top-1, exact cosine ≥ 0.3)
/// and speed-up measured in this run, and the projected matching time for a 1M-wide SAE set.
///
/// Not run by default (the full 26 layers took 30 minutes on 2 cores): `flowbench e2e`.
/// Flags: `--e2e-layers N` (default 26), `--e2e-f32`, `--e2e-dir PATH` (default: the temp folder),
/// `--e2e-keep` (keep the generated set).
enum EndToEndBenchmark {
    static let width = 16384
    static let dModel = 2304

    /// Where a stage child prints its figures.
    struct StageResult {
        var seconds: Double
        var peakKB: Int
        var detail: String
    }

    static func run(arguments: [String]) throws {
        if let i = arguments.firstIndex(of: "--e2e-stage"), i + 2 < arguments.count {
            try child(stage: arguments[i + 1], root: arguments[i + 2], arguments: arguments)
            exit(0)
        }
        func value(_ flag: String) -> String? {
            arguments.firstIndex(of: flag).flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
        }
        let layers = value("--e2e-layers").flatMap(Int.init) ?? 26
        let f32 = arguments.contains("--e2e-f32")
        let base = value("--e2e-dir") ?? FileManager.default.temporaryDirectory.path
        let root = base + "/ff-e2e-\(getpid())"
        let elementBytes = f32 ? 4 : 2
        let bytes = Double(layers * 3) * Double(2 * width * dModel + 3 * width + dModel) * Double(elementBytes)
        let free =
            (try? FileManager.default.attributesOfFileSystem(forPath: base)[.systemFreeSize] as? NSNumber)?
            .doubleValue ?? 0
        print(
            "\n== e2e: synthetic Gemma-2B-shaped set, \(layers) layers × res/mlp/att × \(width) × \(dModel) "
                + "\(f32 ? "F32" : "BF16") (\(String(format: "%.1f", bytes / 1e9)) GB in \(base), "
                + "\(String(format: "%.1f", free / 1e9)) GB free) ==")
        guard free > bytes * 1.1 + 2e9 else {
            print("  not enough free disk; pass --e2e-layers N or --e2e-dir PATH")
            return
        }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { if !arguments.contains("--e2e-keep") { try? FileManager.default.removeItem(atPath: root) } }

        var results: [String: StageResult] = [:]
        let stages = [
            ("generate", ["--e2e-layers", "\(layers)"] + (f32 ? ["--e2e-f32"] : [])),
            ("match-exact", []), ("analyse-exact", []), ("render-exact", []),
            ("match-approx", []), ("analyse-approx", []), ("render-approx", []),
        ]
        for (stage, extra) in stages {
            guard let result = spawn(stage: stage, root: root, extra: extra) else { return }
            results[stage] = result
            print(
                "  " + stage.padding(toLength: 15, withPad: " ", startingAt: 0)
                    + String(format: "%8.1f s   peak RSS %6.0f MB   ", result.seconds, Double(result.peakKB) / 1024)
                    + result.detail)
        }
        let agreement = try compare(exact: root + "/exact.sqlite", approx: root + "/approx.sqlite")
        let exact = results["match-exact"]!.seconds
        let approx = results["match-approx"]!.seconds
        print(agreement)
        print(String(format: "  match speed-up approx/exact: %.2f× (target ≥ 5)", exact / approx))
        // Every comparison is a width × width product: cost ∝ width² for exact, and for the candidate pass
        // of approx too (with d instead of 2304 dims); its exact rescoring is ∝ width. Projected with width².
        let scale = pow(1_048_576.0 / Double(width), 2)
        print(
            String(
                format:
                    "  projected match time for a 1M-wide set of %d layers (× (1M/16k)² = ×%.0f): exact %.0f h, "
                    + "approx %.0f h (on this machine; approx's candidate pass is quadratic too)",
                layers, scale, exact * scale / 3600, approx * scale / 3600))
    }

    /// Runs this executable for one stage and reads its figures.
    static func spawn(stage: String, root: String, extra: [String]) -> StageResult? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = ["e2e", "--e2e-stage", stage, root] + extra
        let pipe = Pipe()
        process.standardOutput = pipe
        let start = Date()
        do { try process.run() } catch {
            print("  \(stage): cannot start child: \(error)")
            return nil
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let seconds = Date().timeIntervalSince(start)
        let text = String(decoding: data, as: UTF8.self)
        let kb = text.split(separator: "\n").first { $0.hasPrefix("VmHWM-kB ") }.flatMap { Int($0.dropFirst(9)) }
        guard process.terminationStatus == 0, let kb else {
            print("  \(stage) failed (exit \(process.terminationStatus)): \(text)")
            return nil
        }
        let detail = text.split(separator: "\n").first { $0.hasPrefix("detail ") }.map { String($0.dropFirst(7)) }
        return StageResult(seconds: seconds, peakKB: kb, detail: detail ?? "")
    }

    /// Child: one stage, then `detail …` and `VmHWM-kB …` lines on stdout.
    static func child(stage: String, root: String, arguments: [String]) throws {
        let saes = root + "/saes"
        var detail = ""
        switch stage {
        case "generate":
            let layers = arguments.firstIndex(of: "--e2e-layers").flatMap { Int(arguments[$0 + 1]) } ?? 26
            let options = SyntheticFamilyOptions(
                layers: layers, dModel: dModel, width: width, seed: 2,
                dtype: arguments.contains("--e2e-f32") ? .f32 : .bf16,
                truthCheck: TruthCheck.none)
            let summary = try SyntheticFamilyWriter(options: options).write(to: saes)
            detail = String(format: "%.1f GB written", Double(summary.saeBytes) / 1e9)
        case "match-exact", "match-approx":
            let approx = stage == "match-approx"
            let database = try FlowDatabase(path: root + (approx ? "/approx.sqlite" : "/exact.sqlite"))
            let options = MatchOptions(approximate: approx ? ApproximateMatching() : nil)
            let summary = try MatchPipeline(matcher: FeatureMatcher(options: options), database: database).run(
                saes: try SAECatalog.load(path: saes).saes, request: .init(input: saes))
            detail = String(
                format: "%d layers, %.0f GFLOP, %@", summary.computed.count, summary.flops / 1e9, options.mode)
        case "analyse-exact", "analyse-approx":
            let database = try FlowDatabase(
                path: root + (stage.hasSuffix("approx") ? "/approx.sqlite" : "/exact.sqlite"))
            let analysis = FlowAnalysis(table: try database.scoreTable())
            try database.writeAnalysis(analysis)
        default:  // render-…
            let name = stage.hasSuffix("approx") ? "approx" : "exact"
            let database = try FlowDatabase(path: root + "/\(name).sqlite")
            let analysis = FlowAnalysis(table: try database.scoreTable())
            var options = SiteOptions()
            options.includeDatabase = false
            let builder = SiteBuilder(options: options)
            let labels = try LabelSet.load(paths: [saes + "/labels.jsonl"])
            let context = try builder.context(database: database, analysis: analysis, labels: labels)
            let staging = SiteStaging(root: root + "/site-\(name)")
            try FileManager.default.createDirectory(atPath: staging.root, withIntermediateDirectories: true)
            let summary = try builder.build(
                context: context, database: database, into: staging, printer: ProgressPrinter(quiet: true))
            detail =
                "\(summary.residualPages) residual + \(summary.modulePages) module pages, "
                + "modes: \(try database.matchModeSummary())"
        }
        print("detail \(detail)")
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
        print("VmHWM-kB \(line.split(separator: " ").compactMap { Int($0) }.first ?? 0)")
    }

    /// Top-1 agreement of the two databases over every layer and comparison.
    static func compare(exact: String, approx: String) throws -> String {
        let database = try FlowDatabase(path: exact)
        try database.sqlite.run("ATTACH DATABASE ? AS approx", approx)
        defer { try? database.sqlite.run("DETACH DATABASE approx") }
        func counts(_ condition: String) throws -> (Int, Int) {
            let row =
                try database.sqlite.rows(
                    """
                    SELECT count(*), coalesce(sum(e.candidate = a.candidate), 0) FROM match e JOIN approx.match a
                      ON a.layer = e.layer AND a.feature = e.feature AND a.site = e.site AND a.direction = e.direction
                      AND a.rank = e.rank WHERE e.rank = 1\(condition)
                    """
                ).first ?? []
            return (row.first?.int ?? 0, row.dropFirst().first?.int ?? 0)
        }
        let (strong, strongSame) = try counts(" AND e.cosine >= 0.3")
        let (all, allSame) = try counts("")
        return String(
            format: "  top-1 agreement approx vs exact: %d/%d = %.4f for exact cosine ≥ 0.3 (target ≥ 0.995); "
                + "%d/%d = %.4f over all rows",
            strongSame, strong, strong > 0 ? Double(strongSame) / Double(strong) : 1, allSame, all,
            all > 0 ? Double(allSame) / Double(all) : 1)
    }
}
