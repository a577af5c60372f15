import ArgumentParser
import FlowCore
import FlowReport
import Foundation

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

    func run() throws {
        try site.checkTarget(database: database)  // before opening (and writing the analysis into) the database
        let flow = try FlowDatabase(path: database, readOnly: false, mustExist: true)
        let printer = ProgressPrinter(quiet: quiet)
        // The warnings the report shows reach the terminal too, even with --quiet.
        for warning in try flow.currentWarnings() { printer.warning(warning) }
        let folder = try site.render(
            database: flow, analysisOptions: analysisOptions, printer: printer, stepOffset: 0, stepCount: 4)
        print(folder + "/index.html")
    }
}
