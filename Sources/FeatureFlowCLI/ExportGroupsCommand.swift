import ArgumentParser
import FlowCore

/// `featureflow export groups`: the activation groups of the newest evidence run as CSV.
public struct ExportGroupsCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "groups",
        abstract: "Write the activation groups (layer, predecessors, group, events, proportion) as CSV.",
        discussion: "Groups spelled as in the paper; predecessors 1 (top-1) or 5 (any of the top 5)."
    )

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

    public init() {}

    public func run() throws {
        try OutputFile.write(try ExportEvidenceCSV.groups(try FlowDatabase(path: db, readOnly: true)), to: out)
    }
}
