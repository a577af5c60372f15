import Foundation

@testable import ModelRuntime

/// A tiny random checkpoint written by bench/runtime_forward/reference.py, with the NumPy
/// reference's logits and hook activations.
struct TransformerFixture {
    /// The weights as an in-memory checkpoint.
    struct Checkpoint: CheckpointTensors {
        let config: ModelConfig
        let tensors: [String: (shape: [Int], values: [Float])]
        /// Whether matrices offer `rowDot` (F32 rows through `StoredRowDot`).
        var rowDots = false

        func contains(_ name: String) -> Bool { tensors[name] != nil }

        func matrix(_ name: String) throws -> WeightMatrix {
            guard let tensor = tensors[name], tensor.shape.count == 2 else { throw FixtureError.missing(name) }
            let columns = tensor.shape[1]
            var matrix = WeightMatrix(name: name, rows: tensor.shape[0], columns: columns, values: tensor.values)
            if rowDots {
                let values = tensor.values
                matrix.rowDot = { range, x, out in
                    values.withUnsafeBytes { raw in
                        for row in range {
                            out[row - range.lowerBound] = StoredRowDot.dot(
                                .f32, raw.baseAddress! + row * columns * 4, x, count: columns)
                        }
                    }
                }
            }
            return matrix
        }

        func vector(_ name: String) throws -> [Float] {
            guard let tensor = tensors[name], tensor.shape.count == 1 else { throw FixtureError.missing(name) }
            return tensor.values
        }
    }

    enum FixtureError: Error { case missing(String) }

    let checkpoint: Checkpoint
    let tokens: [[Int]]
    /// Expected arrays by name (`logits`, hook names, `steer.vector`, `steer.logits`).
    let expected: [String: [Float]]
    let steerHook: String

    init(_ name: String) throws {
        let folder = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/\(name)")
        let json =
            try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("model.json")))
            as! [String: Any]
        func read(_ file: String, _ index: Any?) throws -> [String: (shape: [Int], values: [Float])] {
            let data = try Data(contentsOf: folder.appendingPathComponent(file))
            let floats = data.withUnsafeBytes { raw in
                (0..<(data.count / 4)).map {
                    Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)))
                }
            }
            var result: [String: (shape: [Int], values: [Float])] = [:]
            for entry in index as! [[String: Any]] {
                let shape = entry["shape"] as! [Int]
                let offset = entry["offset"] as! Int
                let count = shape.reduce(1, *)
                result[entry["name"] as! String] = (shape, Array(floats[offset..<(offset + count)]))
            }
            return result
        }
        let c = json["config"] as! [String: Any]
        let scaling = (c["rope_scaling"] as? [String: Any]).map { s in
            RopeScaling(
                factor: Float(s["factor"] as! Double), lowFrequencyFactor: Float(s["low_freq_factor"] as! Double),
                highFrequencyFactor: Float(s["high_freq_factor"] as! Double),
                originalContextLength: s["original_max_position_embeddings"] as! Int)
        }
        let config = ModelConfig(
            architecture: ModelArchitecture(rawValue: c["architecture"] as! String)!,
            layerCount: c["num_hidden_layers"] as! Int, modelDimension: c["hidden_size"] as! Int,
            feedForwardDimension: c["intermediate_size"] as! Int, headCount: c["num_attention_heads"] as! Int,
            keyValueHeadCount: c["num_key_value_heads"] as! Int, headDimension: c["head_dim"] as! Int,
            vocabularySize: c["vocab_size"] as! Int, rmsNormEpsilon: Float(c["rms_norm_eps"] as! Double),
            ropeTheta: Float(c["rope_theta"] as! Double), ropeScaling: scaling,
            tiedEmbeddings: c["tie_word_embeddings"] as! Bool, contextLength: 64,
            queryPreAttentionScalar: (c["query_pre_attn_scalar"] as? Double).map(Float.init),
            attentionLogitSoftcap: (c["attn_logit_softcapping"] as? Double).map(Float.init),
            finalLogitSoftcap: (c["final_logit_softcapping"] as? Double).map(Float.init),
            slidingWindow: c["sliding_window"] as? Int)
        checkpoint = Checkpoint(config: config, tensors: try read("weights.f32", json["weights"]))
        tokens = json["tokens"] as! [[Int]]
        expected = try read("expected.f32", json["expected"]).mapValues(\.values)
        steerHook = json["steer_hook"] as! String
    }

    /// The three fixtures.
    static let names = ["llama_gqa_untied", "llama_tied_rope3", "gemma2_window"]

    /// Every hook point of a model with `layers` blocks.
    static func allHooks(layers: Int) -> Set<TransformerHook> {
        var points: Set<TransformerHook> = [.embed]
        for l in 0..<layers {
            points.formUnion([.residPre(l), .attnZ(l), .attnOut(l), .mlpOut(l), .residPost(l)])
        }
        return points
    }

    /// max |a − b| / max |b|: the error relative to the reference tensor's scale.
    static func relativeError(_ a: [Float], _ b: [Float]) -> Float {
        precondition(a.count == b.count, "sizes differ: \(a.count) vs \(b.count)")
        var difference: Float = 0
        var scale: Float = 0
        for (x, y) in zip(a, b) {
            difference = max(difference, abs(x - y))
            scale = max(scale, abs(y))
        }
        return difference / max(scale, .leastNormalMagnitude)
    }
}
