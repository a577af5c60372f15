import ArgumentParser
import FlowCore

/// The options every `export` subcommand takes: the flow database, the format (CSV today) and where to
/// write (stdout unless `--out`).
struct CSVExportOptions: ParsableArguments {
    /// Output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case csv
    }

    @Option(name: .long, help: "The flow database.")
    var db: String = "flow.sqlite"

    @Option(name: .long, help: "Output format.")
    var format: Format = .csv

    @Option(name: .long, help: "Output file (default: stdout).")
    var out: String?

    /// The database, opened read-only.
    func database() throws -> FlowDatabase { try FlowDatabase(path: db, readOnly: true) }
}
