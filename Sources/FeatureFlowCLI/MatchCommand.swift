import ArgumentParser
import FlowCore
import Foundation

/// `featureflow match`: top-k decoder-cosine matches of every residual feature, into the flow database.
public struct MatchCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Match every residual feature with its top-k predecessors (R_{L-1}, M_L, A_L) and R_{L+1}.",
        discussion: """
            Exact decoder cosine (OpenBLAS sgemm, tiled; the full similarity matrix is never built). Layers \
            whose input checksums and parameters did not change since the last run are reused; --force \
            recomputes them. hook_z attention SAEs need --model DIR (else they are skipped with a warning).
            """
    )

    @Argument(help: "A folder of SAEs or a featureflow.yaml manifest.")
    var input: String

    @Option(name: .long, help: "The flow database to create or update.")
    var db: String = "flow.sqlite"

    @Option(name: .customLong("top-k"), help: "Matches kept per feature and position.")
    var topK: Int = 5

    @Option(name: .long, help: "Residual layers to match: A-B or A (default: all).")
    var layers: String?

    @Option(name: .long, help: "Model folder (safetensors + config.json) to project hook_z attention SAEs.")
    var model: String?

    @Flag(name: .long, help: "Recompute every layer even when its stored matches are current.")
    var force = false

    @Flag(name: .long, help: "No progress on stderr.")
    var quiet = false

    @Option(name: .customLong("l0"), help: "Gemma Scope: pick the average_l0 variant nearest to this value.")
    var l0: Int?

    @Option(name: .customLong("width"), help: "Gemma Scope: width label to use when several are present (16k, 65k…).")
    var width: String?

    public init() {}

    public func validate() throws {
        guard topK >= 1 else { throw ValidationError("--top-k must be at least 1") }
        if let layers, Self.parseLayers(layers) == nil {
            throw ValidationError("--layers must be A-B or A with 0 ≤ A ≤ B (got '\(layers)')")
        }
    }

    /// `A-B` or `A` → a closed range; nil when malformed.
    static func parseLayers(_ text: String) -> ClosedRange<Int>? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map {
            Int($0.trimmingCharacters(in: .whitespaces))
        }
        switch parts.count {
        case 1: return parts[0].flatMap { $0 >= 0 ? $0...$0 : nil }
        case 2:
            guard let a = parts[0], let b = parts[1], a >= 0, a <= b else { return nil }
            return a...b
        default: return nil
        }
    }

    public func run() throws {
        let options = CatalogOptions(gemmaScopeL0: l0.map { .nearest($0) } ?? .canonical, gemmaScopeWidth: width)
        let catalog = try SAECatalog.load(path: input, options: options)
        let database = try FlowDatabase(path: db)
        let modelDirectory = model ?? catalog.modelDirectory
        var matcher = FeatureMatcher(options: MatchOptions(topK: topK))
        var identity: String? = nil
        if let modelDirectory, catalog.saes.contains(where: \.needsProjection) {
            identity = try Self.modelIdentity(modelDirectory, database: database)
            matcher.projection = try Self.projection(modelDirectory: modelDirectory, identity: identity!)
        }
        let printer = MatchProgressPrinter(enabled: !quiet)
        let summary = try MatchPipeline(matcher: matcher, database: database).run(
            saes: catalog.saes,
            request: .init(
                input: input, layers: layers.flatMap(Self.parseLayers), force: force, modelDirectory: modelDirectory,
                projectionIdentity: identity),
            inputWarnings: catalog.warnings, progress: printer.report)
        printer.finish()
        for warning in summary.warnings { FeatureFlowCommand.printError("warning: \(warning)") }
        let gflops = summary.seconds > 0 ? summary.flops / summary.seconds / 1e9 : 0
        print(
            "matched \(summary.computed.count) layer(s), reused \(summary.reused.count), into \(db) "
                + "in \(String(format: "%.1f", summary.seconds)) s (\(String(format: "%.1f", gflops)) GFLOP/s), "
                + "\(summary.warnings.count) warning(s)")
    }

    /// Checksums of the model's weight files and index, as one identity string.
    static func modelIdentity(_ directory: String, database: FlowDatabase) throws -> String {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let files = names.filter { $0.hasSuffix(".safetensors") || $0 == "model.safetensors.index.json" }.sorted()
        return try files.map { "\($0)=\(try database.checksum(ofFile: directory + "/" + $0))" }.joined(separator: ",")
    }
}
