import FlowCore
import Foundation

/// Reads a `ModelConfig` from a Hugging Face `config.json` (`model_type` llama or gemma2).
enum HFModelConfig {
    /// The parsed JSON object of `path`; errors name the file.
    static func object(at path: String) throws -> [String: Any] {
        guard let bytes = MappedFile.contents(atPath: path) else {
            throw CheckpointError(path: path, .unreadable("no such file"))
        }
        guard let json = try? JSONSerialization.jsonObject(with: Data(bytes)), let object = json as? [String: Any]
        else { throw CheckpointError(path: path, .badMetadata("not a JSON object")) }
        return object
    }

    /// The configuration in `json` (read from `path`).
    static func make(_ json: [String: Any], path: String) throws -> ModelConfig {
        func fail(_ why: String) -> CheckpointError { CheckpointError(path: path, .badMetadata(why)) }
        guard let type = json["model_type"] as? String else { throw fail("model_type is missing") }
        guard let architecture = ModelArchitecture(rawValue: type) else {
            throw CheckpointError(path: path, .unsupportedArchitecture(type))
        }
        func int(_ key: String, in object: [String: Any] = json) throws -> Int? {
            guard let value = object[key], !(value is NSNull) else { return nil }
            guard let number = value as? NSNumber, !isBool(number), let int = Int(exactly: number.doubleValue) else {
                throw fail("\(key) must be an integer")
            }
            return int
        }
        func required(_ key: String) throws -> Int {
            guard let value = try int(key) else { throw fail("\(key) is missing") }
            return value
        }
        func float(_ key: String, in object: [String: Any] = json) throws -> Float? {
            guard let value = object[key], !(value is NSNull) else { return nil }
            guard let number = value as? NSNumber, !isBool(number) else { throw fail("\(key) must be a number") }
            return number.floatValue
        }
        let d = try required("hidden_size")
        let heads = try required("num_attention_heads")
        guard heads > 0 else { throw fail("num_attention_heads must be positive") }
        var tied = architecture == .gemma2
        if let value = json["tie_word_embeddings"] {
            guard let number = value as? NSNumber, isBool(number) else {
                throw fail("tie_word_embeddings must be a boolean")
            }
            tied = number.boolValue
        }
        var scaling: RopeScaling?
        if let value = json["rope_scaling"], !(value is NSNull) {
            guard let object = value as? [String: Any] else { throw fail("rope_scaling must be an object") }
            let kind = (object["rope_type"] ?? object["type"]) as? String
            guard kind == "llama3" else {
                throw fail("rope_scaling type '\(kind ?? "?")' is not supported (llama3 is)")
            }
            guard let factor = try float("factor", in: object), let low = try float("low_freq_factor", in: object),
                let high = try float("high_freq_factor", in: object),
                let original = try int("original_max_position_embeddings", in: object)
            else {
                throw fail(
                    "rope_scaling needs factor, low_freq_factor, high_freq_factor, original_max_position_embeddings")
            }
            scaling = RopeScaling(
                factor: factor, lowFrequencyFactor: low, highFrequencyFactor: high, originalContextLength: original)
        }
        var config = ModelConfig(
            architecture: architecture, layerCount: try required("num_hidden_layers"), modelDimension: d,
            feedForwardDimension: try required("intermediate_size"), headCount: heads,
            keyValueHeadCount: try int("num_key_value_heads") ?? heads, headDimension: try int("head_dim") ?? d / heads,
            vocabularySize: try required("vocab_size"), rmsNormEpsilon: try float("rms_norm_eps") ?? 1e-6,
            ropeTheta: try float("rope_theta") ?? 10_000, ropeScaling: scaling, tiedEmbeddings: tied,
            contextLength: try int("max_position_embeddings") ?? 2048)
        if architecture == .gemma2 {
            config.queryPreAttentionScalar = try float("query_pre_attn_scalar") ?? Float(config.headDimension)
            config.attentionLogitSoftcap = try float("attn_logit_softcapping")
            config.finalLogitSoftcap = try float("final_logit_softcapping")
            config.slidingWindow = try int("sliding_window")
        }
        if let problem = CheckpointShapes.problem(config) { throw fail(problem) }
        return config
    }

    /// Whether a JSON number is a boolean (JSONSerialization bridges both to NSNumber; booleans, and
    /// only booleans, come back with the `char` type code).
    static func isBool(_ number: NSNumber) -> Bool { String(cString: number.objCType) == "c" }
}
