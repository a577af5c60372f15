import ArgumentParser
import FlowCore
import FlowReport
import Foundation

/// `featureflow build`: SAEs → matches → analysis → static site, in one run.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract:
            "Match SAEs, analyse feature flow and write the static site (load → match → analyse → render → check).",
        discussion: """
            The flow database is reused between runs: only layers whose SAEs or parameters changed are matched again. \
            The site is built beside --out and swapped in only after the link check passes.
            """)

    @OptionGroup var matching: MatchArguments
    @OptionGroup var site: SiteArguments
    @OptionGroup var analysisOptions: AnalysisOptions

    @Option(name: .long, help: "The flow database (default: <out>.sqlite beside the site folder).")
    var db: String?

    @Flag(name: .long, help: "No progress on stderr.")
    var quiet = false

    var databasePath: String {
        db ?? ((site.out.hasSuffix("/") ? String(site.out.dropLast()) : site.out) + ".sqlite")
    }

    func validate() throws {
        if matching.shard != nil {
            throw ValidationError("build cannot shard; run `featureflow match --shard i/N`, then `featureflow merge`")
        }
    }

    func run() throws {
        try site.checkTarget(database: databasePath)  // before any matching work
        let printer = ProgressPrinter(quiet: quiet)
        let steps = 6
        printer.line("[1/\(steps)] load SAEs")
        let catalog = try StepFailure.naming("load SAEs") { try matching.catalog() }
        printer.line("  \(catalog.saes.count) SAEs over \(catalog.layers.count) layers")
        for note in catalog.notes { printer.line("  \(note)") }
        // Warnings reach the terminal even with --quiet: the report is not the only place to read them.
        for warning in catalog.warnings { printer.warning(warning) }
        printer.line("[2/\(steps)] match")
        // A database this run creates is removed again when the run fails: no stray <out>.sqlite.
        let created = !FileManager.default.fileExists(atPath: databasePath)
        do {
            let database = try StepFailure.naming("match") { try FlowDatabase(path: databasePath) }
            let summary = try StepFailure.naming("match") {
                try matching.match(catalog, into: database, printer: printer)
            }
            for warning in summary.warnings where !catalog.warnings.contains(warning) { printer.warning(warning) }
            printer.line(
                "  matched \(summary.computed.count) layer(s), reused \(summary.reused.count) · \(databasePath)")
            let folder = try site.render(
                database: database, analysisOptions: analysisOptions, printer: printer, stepOffset: 2,
                stepCount: steps)
            print(folder + "/index.html")
        } catch {
            if created {
                for suffix in ["", "-wal", "-shm", "-journal"] {
                    try? FileManager.default.removeItem(atPath: databasePath + suffix)
                }
            }
            throw error
        }
    }
}
