/// One block's weights, by role (Llama: `postAttentionNorm` is the norm before the MLP; Gemma 2:
/// `postAttentionNorm` normalises the attention output and `preFeedForwardNorm` precedes the MLP).
struct TransformerLayer: Sendable {
    let inputNorm: [Float]
    let query: ProjectionWeight
    let key: ProjectionWeight
    let value: ProjectionWeight
    let output: ProjectionWeight
    /// Llama: before the MLP. Gemma 2: after attention, applied to its output.
    let postAttentionNorm: [Float]
    /// Gemma 2 only: before the MLP.
    let preFeedForwardNorm: [Float]?
    /// Gemma 2 only: after the MLP, applied to its output.
    let postFeedForwardNorm: [Float]?
    let gate: ProjectionWeight
    let up: ProjectionWeight
    let down: ProjectionWeight

    /// Every projection of the block.
    var projections: [ProjectionWeight] { [query, key, value, output, gate, up, down] }
}
