import ArgumentParser
import FlowCore
import Foundation

/// `featureflow inspect`: what SAEs a folder or manifest holds, per layer and site, and what is missing.
public struct InspectCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "List the SAEs found in a folder or featureflow.yaml manifest: layer × site, format, sizes, gaps."
    )

    @Argument(help: "A folder of SAEs, a featureflow.yaml manifest, or one params.npz.")
    var path: String

    @Flag(name: .long, help: "Print a machine-readable JSON document instead of a table.")
    var json = false

    @OptionGroup var selection: SAESelectionOptions

    public init() {}

    public func run() throws {
        let catalog = try SAECatalog.load(path: path, options: selection.catalogOptions())
        let report = InspectReport(catalog: catalog)
        print(json ? try report.json() : report.table(), terminator: "")
    }
}
