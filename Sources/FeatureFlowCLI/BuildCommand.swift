import ArgumentParser
import FlowCore
import FlowExport
import FlowPipeline

/// `featureflow build`: SAEs → matches → analysis → static site, in one run.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract:
            "Match SAEs, analyse feature flow, measure evidence on text and write the static site "
            + "(load → match → analyse → labels → [evidence] → render → check).",
        discussion: """
            The flow database is reused between runs: only layers whose SAEs or parameters changed are matched again. \
            The site is built beside --out and swapped in only after the link check passes. \
            With --model MODEL --text FILE… (or --acts DIR) an evidence step runs the text through the model and \
            every SAE (docs/evidence.md); a complete earlier run with the same inputs and settings is reused.
            """)

    @OptionGroup var matching: MatchArguments
    @OptionGroup var site: SiteArguments
    @OptionGroup var analysisOptions: AnalysisOptions
    @OptionGroup var evidence: EvidenceArguments

    @Option(
        name: .customLong("evidence-seed"),
        help: "With --text/--acts: seed of the random baselines and the deactivation sample.")
    var evidenceSeed: Int = 0

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
        if evidence.isRequested { try evidence.validate(model: matching.model) }
    }

    /// The pipeline request these arguments describe.
    var request: BuildRequest {
        BuildRequest(
            database: databasePath, matching: matching.request(removesNewDatabaseOnFailure: true),
            site: site.request(analysis: analysisOptions),
            evidence: evidence.isRequested ? evidence.request(model: matching.model, seed: evidenceSeed) : nil)
    }

    func run() throws {
        let report = try Pipeline.run(request, printer: ProgressPrinter(quiet: quiet))
        print((report.siteFolder ?? site.out) + "/index.html")
    }
}
