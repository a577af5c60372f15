import ArgumentParser
import FlowCore

/// `featureflow export groups`: the activation groups of the newest evidence run as CSV.
public struct ExportGroupsCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "groups",
        abstract: "Write the activation groups (layer, predecessors, group, events, proportion) as CSV.",
        discussion: "Groups spelled as in the paper; predecessors 1 (top-1) or 5 (any of the top 5)."
    )

    @OptionGroup var options: CSVExportOptions

    public init() {}

    public func run() throws {
        try OutputFile.write(try ExportEvidenceCSV.groups(try options.database()), to: options.out)
    }
}
