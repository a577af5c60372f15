import FlowCore

extension MatchCommand {
    /// The hook_z projection for `--model DIR`: W_O and the post-attention norm gain of each layer,
    /// read (lazily, per layer) from the model's safetensors.
    static func projection(modelDirectory: String, identity: String) throws -> (SAE) throws -> AttentionProjection {
        let model = try ModelWeights.load(directory: modelDirectory)
        return { sae in
            let weights = try model.attentionOutput(layer: sae.layer)
            return AttentionProjection(
                dModel: weights.dModel, dIn: weights.dHead, wO: weights.wO, gain: weights.gain, identity: identity)
        }
    }
}
