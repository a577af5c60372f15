import ArgumentParser
import FlowCore

/// `featureflow export coactivation`: the co-activation counts of the newest evidence run as CSV.
public struct ExportCoactivationCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "coactivation",
        abstract: "Write the co-activation counts of every residual target and its top-1 predecessors as CSV.",
        discussion: "Columns layer,feature,site,predecessor,target_active,both_active,random_feature,"
            + "random_both_active; counts over the evidence tokens."
    )

    @OptionGroup var options: CSVExportOptions

    public init() {}

    public func run() throws {
        try OutputFile.write(
            try ExportEvidenceCSV.coactivation(try options.database()), to: options.out)
    }
}
