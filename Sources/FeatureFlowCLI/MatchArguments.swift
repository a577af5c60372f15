import ArgumentParser
import FlowCore
import Foundation

/// The matching options shared by `match` and `build`, and the one way both run the matcher.
struct MatchArguments: ParsableArguments {
    @Argument(help: "A folder of SAEs or a featureflow.yaml manifest.")
    var input: String

    @Option(name: .customLong("top-k"), help: "Matches kept per feature and position.")
    var topK: Int = 5

    @Option(name: .long, help: "Residual layers to match: A-B or A (default: all).")
    var layers: String?

    @Option(name: .long, help: "Model folder (safetensors + config.json) to project hook_z attention SAEs.")
    var model: String?

    @Flag(name: .long, help: "Recompute every layer even when its stored matches are current.")
    var force = false

    @Option(name: .customLong("l0"), help: "Gemma Scope: pick the average_l0 variant nearest to this value.")
    var l0: Int?

    @Option(name: .customLong("width"), help: "Gemma Scope: width label to use when several are present (16k, 65k…).")
    var width: String?

    func validate() throws {
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

    /// Finds the SAEs.
    func catalog() throws -> SAECatalog {
        let options = CatalogOptions(gemmaScopeL0: l0.map { .nearest($0) } ?? .canonical, gemmaScopeWidth: width)
        return try SAECatalog.load(path: input, options: options)
    }

    /// Matches `catalog` into `database`, reporting progress on `printer`.
    func match(_ catalog: SAECatalog, into database: FlowDatabase, printer: ProgressPrinter) throws
        -> MatchPipeline.Summary
    {
        let modelDirectory = model ?? catalog.modelDirectory
        var matcher = FeatureMatcher(options: MatchOptions(topK: topK))
        var identity: String? = nil
        if let modelDirectory, catalog.saes.contains(where: \.needsProjection) {
            let modelIdentity = try Self.modelIdentity(modelDirectory, database: database)
            identity = modelIdentity
            let weights = try ModelWeights.load(directory: modelDirectory)
            matcher.projection = { sae in
                let output = try weights.attentionOutput(layer: sae.layer)
                return AttentionProjection(
                    dModel: output.dModel, dIn: output.dHead, wO: output.wO, gain: output.gain, identity: modelIdentity)
            }
        }
        let summary = try MatchPipeline(matcher: matcher, database: database).run(
            saes: catalog.saes,
            request: .init(
                input: input, layers: layers.flatMap(Self.parseLayers), force: force, modelDirectory: modelDirectory,
                projectionIdentity: identity),
            inputWarnings: catalog.warnings,
            progress: { progress in
                let detail =
                    "layer \(progress.layer) \(progress.step) · "
                    + String(format: "%.1f GFLOP/s", progress.gflops)
                if progress.layerDone {
                    printer.line(
                        "  layer \(progress.layer) done (\(progress.layerNumber)/\(progress.layerCount)) · "
                            + String(format: "%.1f GFLOP/s", progress.gflops) + " · ETA "
                            + ProgressPrinter.duration(progress.eta))
                } else {
                    printer.progress(
                        done: progress.flopsDone, total: progress.flopsTotal, elapsed: progress.elapsed, detail: detail)
                }
            })
        printer.endProgress()
        return summary
    }

    /// Checksums of the model's weight files and index, as one identity string.
    static func modelIdentity(_ directory: String, database: FlowDatabase) throws -> String {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let files = names.filter { $0.hasSuffix(".safetensors") || $0 == "model.safetensors.index.json" }.sorted()
        return try files.map { "\($0)=\(try database.checksum(ofFile: directory + "/" + $0))" }.joined(separator: ",")
    }
}
