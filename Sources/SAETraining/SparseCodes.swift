/// The active latents of a batch: for token `t`, `indices[t*k ..< (t+1)*k]` and the matching `values`
/// (ReLU'd pre-activations; a zero value means fewer than `k` latents were positive).
public struct SparseCodes: Sendable, Equatable {
    /// Active slots per token.
    public let k: Int
    /// Latent index per slot.
    public var indices: [Int32]
    /// Activation per slot (≥ 0).
    public var values: [Float]

    /// Number of tokens.
    public var tokens: Int { k == 0 ? 0 : indices.count / k }

    /// Codes for `tokens` tokens, all slots empty.
    public init(tokens: Int, k: Int) {
        self.k = k
        indices = [Int32](repeating: 0, count: tokens * k)
        values = [Float](repeating: 0, count: tokens * k)
    }
}
