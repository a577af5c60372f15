import LinearAlgebra
import ModelRuntime

/// A small random Llama-family checkpoint held in memory (tests and `flowbench steer` without a model
/// file): weights drawn from a seeded SplitMix64, scaled by 1/√fan-in, norm gains 1.
public struct RandomCheckpoint: CheckpointTensors {
    /// The model's shape.
    public let config: ModelConfig
    let tensors: [String: (rows: Int, columns: Int, values: [Float])]

    /// A checkpoint with `layers` blocks of width `width` and `vocabulary` tokens.
    public init(layers: Int, width: Int, heads: Int, feedForward: Int, vocabulary: Int, seed: UInt64) {
        config = ModelConfig(
            architecture: .llama, layerCount: layers, modelDimension: width, feedForwardDimension: feedForward,
            headCount: heads, keyValueHeadCount: heads, headDimension: width / heads, vocabularySize: vocabulary,
            rmsNormEpsilon: 1e-5, ropeTheta: 10_000, tiedEmbeddings: true, contextLength: 4096)
        var random = SplitMix64(seed: seed)
        var tensors: [String: (Int, Int, [Float])] = [:]
        func matrix(_ name: String, _ rows: Int, _ columns: Int, scale: Float) {
            let values = (0..<(rows * columns)).map { _ in
                (Float(random.next() >> 40) / Float(1 << 24) * 2 - 1) * scale * Float(3).squareRoot()
            }
            tensors[name] = (rows, columns, values)
        }
        let s = 1 / Float(width).squareRoot()
        matrix("model.embed_tokens.weight", vocabulary, width, scale: 1)
        for l in 0..<layers {
            let p = "model.layers.\(l)."
            for name in ["q_proj", "k_proj", "v_proj", "o_proj"] {
                matrix(p + "self_attn.\(name).weight", width, width, scale: s)
            }
            matrix(p + "mlp.gate_proj.weight", feedForward, width, scale: s)
            matrix(p + "mlp.up_proj.weight", feedForward, width, scale: s)
            matrix(p + "mlp.down_proj.weight", width, feedForward, scale: 1 / Float(feedForward).squareRoot())
            tensors[p + "input_layernorm.weight"] = (1, width, [Float](repeating: 1, count: width))
            tensors[p + "post_attention_layernorm.weight"] = (1, width, [Float](repeating: 1, count: width))
        }
        tensors["model.norm.weight"] = (1, width, [Float](repeating: 1, count: width))
        self.tensors = tensors.mapValues { (rows: $0.0, columns: $0.1, values: $0.2) }
    }

    /// Whether the tensor exists.
    public func contains(_ name: String) -> Bool { tensors[name] != nil }

    /// A 2-D weight.
    public func matrix(_ name: String) throws -> WeightMatrix {
        guard let tensor = tensors[name], !name.hasSuffix("norm.weight") else {
            throw TransformerError.unsupportedConfiguration("no matrix \(name)")
        }
        return WeightMatrix(name: name, rows: tensor.rows, columns: tensor.columns, values: tensor.values)
    }

    /// A norm gain.
    public func vector(_ name: String) throws -> [Float] {
        guard let tensor = tensors[name], name.hasSuffix("norm.weight") else {
            throw TransformerError.unsupportedConfiguration("no vector \(name)")
        }
        return tensor.values
    }
}
