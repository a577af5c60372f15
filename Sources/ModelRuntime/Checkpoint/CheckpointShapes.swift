/// The shapes a configuration implies for the Hugging Face weight names, so that a checkpoint whose
/// tensors disagree with its config fails at load with the tensor's name rather than inside a product.
enum CheckpointShapes {
    /// `[rows, columns]` of matrix `name`, or nil for names without a fixed shape.
    static func matrix(_ name: String, _ config: ModelConfig) -> [Int]? {
        let d = config.modelDimension
        let attention = config.headCount * config.headDimension
        let keyValue = config.keyValueHeadCount * config.headDimension
        switch name {
        case "model.embed_tokens.weight", "lm_head.weight": return [config.vocabularySize, d]
        default: break
        }
        guard name.hasPrefix("model.layers.") else { return nil }
        if name.hasSuffix(".self_attn.q_proj.weight") { return [attention, d] }
        if name.hasSuffix(".self_attn.k_proj.weight") || name.hasSuffix(".self_attn.v_proj.weight") {
            return [keyValue, d]
        }
        if name.hasSuffix(".self_attn.o_proj.weight") { return [d, attention] }
        if name.hasSuffix(".mlp.gate_proj.weight") || name.hasSuffix(".mlp.up_proj.weight") {
            return [config.feedForwardDimension, d]
        }
        if name.hasSuffix(".mlp.down_proj.weight") { return [d, config.feedForwardDimension] }
        return nil
    }

    /// Length of vector `name` (the norms), or nil for names without a fixed length.
    static func vector(_ name: String, _ config: ModelConfig) -> Int? {
        name.hasSuffix("layernorm.weight") || name == "model.norm.weight" ? config.modelDimension : nil
    }

    /// A problem with `config` itself (non-positive sizes, heads that do not group), or nil.
    static func problem(_ config: ModelConfig) -> String? {
        let sizes: [(String, Int)] = [
            ("layer count", config.layerCount), ("model dimension", config.modelDimension),
            ("feed-forward dimension", config.feedForwardDimension), ("head count", config.headCount),
            ("key/value head count", config.keyValueHeadCount), ("head dimension", config.headDimension),
            ("vocabulary size", config.vocabularySize), ("context length", config.contextLength),
        ]
        for (what, value) in sizes where value <= 0 || value > 1 << 28 {
            return "\(what) \(value) is out of range"
        }
        if config.headCount % config.keyValueHeadCount != 0 {
            return "\(config.headCount) heads do not group over \(config.keyValueHeadCount) key/value heads"
        }
        if !(config.rmsNormEpsilon.isFinite && config.rmsNormEpsilon >= 0) { return "bad RMSNorm epsilon" }
        if !(config.ropeTheta.isFinite && config.ropeTheta > 0) { return "bad RoPE base \(config.ropeTheta)" }
        return nil
    }
}
