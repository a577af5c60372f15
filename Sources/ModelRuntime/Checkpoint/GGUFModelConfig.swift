/// Reads a `ModelConfig` from GGUF metadata (`general.architecture`, then `<arch>.block_count`, …).
enum GGUFModelConfig {
    /// The configuration of `file`; errors name the file and the key.
    static func make(_ file: GGUFFile) throws -> ModelConfig {
        func fail(_ why: String) -> CheckpointError { CheckpointError(path: file.path, .badMetadata(why)) }
        guard let name = file.metadata["general.architecture"]?.string else {
            throw fail("general.architecture is missing or not a string")
        }
        guard let architecture = ModelArchitecture(rawValue: name) else {
            throw CheckpointError(path: file.path, .unsupportedArchitecture(name))
        }
        func int(_ key: String) throws -> Int? {
            guard let value = file.metadata["\(name).\(key)"] else { return nil }
            guard let int = value.int else { throw fail("\(name).\(key) must be an integer") }
            return int
        }
        func required(_ key: String) throws -> Int {
            guard let value = try int(key) else { throw fail("\(name).\(key) is missing") }
            return value
        }
        func float(_ key: String) throws -> Float? {
            guard let value = file.metadata["\(name).\(key)"] else { return nil }
            guard let double = value.double else { throw fail("\(name).\(key) must be a number") }
            return Float(double)
        }
        let d = try required("embedding_length")
        let heads = try required("attention.head_count")
        guard heads > 0 else { throw fail("\(name).attention.head_count must be positive") }
        let tokens = file.metadata["tokenizer.ggml.tokens"]?.array?.count
        let embedding = file.tensor("token_embd.weight")?.dimensions
        let vocabulary = try int("vocab_size") ?? tokens ?? (embedding?.count == 2 ? embedding![1] : 0)
        let headDimension = try int("attention.key_length") ?? d / heads
        let layers = try required("block_count")
        var config = ModelConfig(
            architecture: architecture, layerCount: layers, modelDimension: d,
            feedForwardDimension: try required("feed_forward_length"), headCount: heads,
            keyValueHeadCount: try int("attention.head_count_kv") ?? heads, headDimension: headDimension,
            vocabularySize: vocabulary,
            rmsNormEpsilon: try float("attention.layer_norm_rms_epsilon") ?? 1e-5,
            ropeTheta: try float("rope.freq_base") ?? 10_000,
            tiedEmbeddings: file.tensor("output.weight") == nil,
            contextLength: try int("context_length") ?? 2048)
        if architecture == .llama, let info = file.tensor("rope_freqs.weight"), info.type.id == 0 {
            let factors: [Float] = file.withBytes(of: info) { raw in
                (0..<info.elementCount).map { raw.loadUnaligned(fromByteOffset: 4 * $0, as: Float.self) }
            }
            do {
                config.ropeScaling = try GGUFRopeScaling.infer(
                    factors: factors, theta: config.ropeTheta, headDimension: config.headDimension)
            } catch let failure as GGUFRopeScaling.Failure {
                throw fail(failure.description)
            }
        }
        if architecture == .gemma2 {
            // llama.cpp scales queries by 1/√head_dim, except Gemma 2 27B (46 layers): 1/√(d/heads).
            config.queryPreAttentionScalar = Float(layers == 46 ? d / heads : headDimension)
            config.attentionLogitSoftcap = try float("attn_logit_softcapping") ?? 50
            config.finalLogitSoftcap = try float("final_logit_softcapping") ?? 30
            config.slidingWindow = try int("attention.sliding_window") ?? 4096
        }
        if let problem = CheckpointShapes.problem(config) { throw fail(problem) }
        return config
    }
}
