/// One block's weights, by role (Llama: `postAttentionNorm` is the norm before the MLP; Gemma 2:
/// `postAttentionNorm` normalises the attention output and `preFeedForwardNorm` precedes the MLP).
/// The query, key and value projections are stacked into one weight, as are gate and up.
struct TransformerLayer: Sendable {
    let inputNorm: [Float]
    /// q_proj; k_proj; v_proj rows stacked: `[heads·d_head + 2·kv_heads·d_head, d]`.
    let attentionInput: ProjectionWeight
    let output: ProjectionWeight
    /// Llama: before the MLP. Gemma 2: after attention, applied to its output.
    let postAttentionNorm: [Float]
    /// Gemma 2 only: before the MLP.
    let preFeedForwardNorm: [Float]?
    /// Gemma 2 only: after the MLP, applied to its output.
    let postFeedForwardNorm: [Float]?
    /// gate_proj; up_proj rows stacked: `[2·d_ff, d]`.
    let gateUp: ProjectionWeight
    let down: ProjectionWeight

    /// Every projection of the block.
    var projections: [ProjectionWeight] { [attentionInput, output, gateUp, down] }
}
