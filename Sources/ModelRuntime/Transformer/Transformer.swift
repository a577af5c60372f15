import LinearAlgebra

/// A Llama-family or Gemma 2 decoder run on the CPU in F32 (MODELS.md §3): batched prefill over
/// sequences of equal length, incremental decoding with a `KeyValueCache`, hook points to read and
/// edit (TransformerLens names, MODELS.md §4). Products go through OpenBLAS; weights are decoded a
/// tile of rows at a time from the checkpoint's storage unless the caller lets them be cached.
///
/// One instance runs one forward pass at a time (it reuses a weight-tile scratch).
public final class Transformer: @unchecked Sendable {
    /// The model's shape.
    public let config: ModelConfig
    let layers: [TransformerLayer]
    let embedding: WeightMatrix
    let outputHead: ProjectionWeight
    let finalNorm: [Float]
    let rotary: RotaryEmbedding
    /// The weight tile decoded before each product.
    var tileScratch: [Float]
    /// Bytes of weights held decoded as F32.
    public private(set) var cachedWeightBytes = 0

    /// Reads every weight handle of `checkpoint` (nothing is decoded yet) and checks their shapes.
    /// Projections are decoded once and kept as F32 while their total stays within
    /// `weightCacheBytes` (0: never; each product then decodes tiles of `tileBytes`).
    public init(checkpoint: CheckpointTensors, weightCacheBytes: Int = 0, tileBytes: Int = 4 << 20) throws {
        let config = checkpoint.config
        self.config = config
        let d = config.modelDimension
        let gemma = config.architecture == .gemma2
        guard config.headCount > 0, config.keyValueHeadCount > 0, config.headCount % config.keyValueHeadCount == 0,
            config.headDimension > 0, config.headDimension % 2 == 0, config.layerCount >= 0, d > 0
        else {
            throw TransformerError.unsupportedConfiguration(
                "\(config.headCount) heads, \(config.keyValueHeadCount) key/value heads, head width \(config.headDimension)"
            )
        }
        func weight(_ name: String, rows: Int, columns: Int) throws -> WeightMatrix {
            let weight = try checkpoint.matrix(name)
            guard weight.rows == rows, weight.columns == columns else {
                throw TransformerError.unsupportedConfiguration(
                    "\(name) is \(weight.rows) × \(weight.columns), expected \(rows) × \(columns)")
            }
            return weight
        }
        func matrix(_ name: String, rows: Int, columns: Int) throws -> ProjectionWeight {
            ProjectionWeight(try weight(name, rows: rows, columns: columns))
        }
        func gain(_ name: String) throws -> [Float] {
            let values = try checkpoint.vector(name)
            guard values.count == d else {
                throw TransformerError.unsupportedConfiguration("\(name) has \(values.count) values, expected \(d)")
            }
            return gemma ? values.map { 1 + $0 } : values
        }
        let qWidth = config.headCount * config.headDimension
        let kvWidth = config.keyValueHeadCount * config.headDimension
        let ff = config.feedForwardDimension
        layers = try (0..<config.layerCount).map { l in
            let p = "model.layers.\(l)."
            return TransformerLayer(
                inputNorm: try gain(p + "input_layernorm.weight"),
                attentionInput: ProjectionWeight(
                    StackedWeight.stack(
                        [
                            try weight(p + "self_attn.q_proj.weight", rows: qWidth, columns: d),
                            try weight(p + "self_attn.k_proj.weight", rows: kvWidth, columns: d),
                            try weight(p + "self_attn.v_proj.weight", rows: kvWidth, columns: d),
                        ], name: p + "self_attn.qkv")),
                output: try matrix(p + "self_attn.o_proj.weight", rows: d, columns: qWidth),
                postAttentionNorm: try gain(p + "post_attention_layernorm.weight"),
                preFeedForwardNorm: gemma ? try gain(p + "pre_feedforward_layernorm.weight") : nil,
                postFeedForwardNorm: gemma ? try gain(p + "post_feedforward_layernorm.weight") : nil,
                gateUp: ProjectionWeight(
                    StackedWeight.stack(
                        [
                            try weight(p + "mlp.gate_proj.weight", rows: ff, columns: d),
                            try weight(p + "mlp.up_proj.weight", rows: ff, columns: d),
                        ], name: p + "mlp.gate_up")),
                down: try matrix(p + "mlp.down_proj.weight", rows: d, columns: ff))
        }
        embedding = try checkpoint.matrix("model.embed_tokens.weight")
        guard embedding.columns == d, embedding.rows > 0 else {
            throw TransformerError.unsupportedConfiguration(
                "model.embed_tokens.weight is \(embedding.rows) × \(embedding.columns), expected d_model \(d)")
        }
        if !config.tiedEmbeddings && checkpoint.contains("lm_head.weight") {
            outputHead = try matrix("lm_head.weight", rows: (try checkpoint.matrix("lm_head.weight")).rows, columns: d)
        } else {
            outputHead = ProjectionWeight(embedding)
        }
        finalNorm = try gain("model.norm.weight")
        rotary = RotaryEmbedding(
            headDimension: config.headDimension, base: config.ropeTheta, scaling: config.ropeScaling)
        tileScratch = [Float](repeating: 0, count: max(1, tileBytes / 4))
        if weightCacheBytes > 0 {
            for projection in layers.flatMap(\.projections) + [outputHead]
            where cachedWeightBytes + projection.decodedBytes <= weightCacheBytes {
                projection.cache()
                cachedWeightBytes += projection.decodedBytes
            }
        }
    }

    /// The width of the activation at `point`.
    public func width(of point: TransformerHook) -> Int {
        if case .attnZ = point { return config.headCount * config.headDimension }
        return config.modelDimension
    }

    /// Number of logits per position (rows of the output projection).
    public var vocabularySize: Int { outputHead.rows }
}
