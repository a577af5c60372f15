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

    @Option(name: .customLong("l0"), help: "Gemma Scope: pick the average_l0 variant nearest to this value.")
    var l0: Int?

    @Option(name: .customLong("width"), help: "Gemma Scope: width label to use when several are present (16k, 65k…).")
    var width: String?

    @Option(
        name: .long,
        help: "Hugging Face cache: the revision to read (a ref such as main, or a snapshot hash); default refs/main.")
    var revision: String?

    @Option(
        name: .long,
        help: "gemma-scope: also read params.npz files outside a gemma-scope-… folder (a --local-dir download).")
    var format: String?

    public init() {}

    public func validate() throws {
        if let format, format != SAEFormat.gemmaScope.rawValue {
            throw ValidationError("--format takes gemma-scope (other formats are recognised by their files)")
        }
    }

    public func run() throws {
        let options = CatalogOptions(
            gemmaScopeL0: l0.map { .nearest($0) } ?? .canonical, gemmaScopeWidth: width, revision: revision,
            format: format.flatMap(SAEFormat.init(rawValue:)))
        let catalog = try SAECatalog.load(path: path, options: options)
        let report = InspectReport(catalog: catalog)
        print(json ? try report.json() : report.table(), terminator: "")
    }
}
