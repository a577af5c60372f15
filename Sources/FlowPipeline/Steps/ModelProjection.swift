import FlowCore
import Foundation

/// The model weights that project hook_z attention SAEs into the residual space, and their identity (the
/// checksums of the weight files), which is part of the inputs of every projected layer.
struct ModelProjection {
    /// `name=sha256` of each weight file and index, sorted by name, joined by commas.
    let identity: String
    /// The loaded weights.
    let weights: ModelWeights

    /// Checksums the model folder's weight files (cached in `database`) and loads its weights.
    init(directory: String, database: FlowDatabase) throws {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let files = names.filter { $0.hasSuffix(".safetensors") || $0 == "model.safetensors.index.json" }.sorted()
        identity = try files.map { "\($0)=\(try database.checksum(ofFile: directory + "/" + $0))" }
            .joined(separator: ",")
        weights = try ModelWeights.load(directory: directory)
    }

    /// W_O and the gain of `sae`'s layer, for the matcher.
    func attention(_ sae: SAE) throws -> AttentionProjection {
        let output = try weights.attentionOutput(layer: sae.layer)
        return AttentionProjection(
            dModel: output.dModel, dIn: output.dHead, wO: output.wO, gain: output.gain, identity: identity)
    }
}
