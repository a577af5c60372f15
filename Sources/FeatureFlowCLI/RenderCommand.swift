import ArgumentParser
import FlowCore
import FlowExport
import FlowPipeline

/// `featureflow render`: the static site from an existing flow database alone (no weights needed).
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Write the static site from a flow database (analyse → render → check).")

    @Argument(help: "The flow database written by `featureflow match` or `build`.")
    var database: String

    @OptionGroup var site: SiteArguments
    @OptionGroup var analysisOptions: AnalysisOptions

    @Flag(name: .long, help: "No progress on stderr.")
    var quiet = false

    /// The pipeline request these arguments describe.
    var request: BuildRequest {
        BuildRequest(database: database, site: site.request(analysis: analysisOptions))
    }

    func run() throws {
        let report = try Pipeline.run(request, printer: ProgressPrinter(quiet: quiet))
        print((report.siteFolder ?? site.out) + "/index.html")
    }
}
