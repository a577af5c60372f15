/// One tensor's entry in a GGUF file: name, ggml dims (`ne[0]` first, the fastest-varying axis), type and
/// where its bytes lie in the file (already checked against the file's length).
public struct GGUFTensorInfo: Sendable, Equatable {
    /// The tensor's GGUF name (e.g. `blk.0.attn_q.weight`).
    public let name: String
    /// ggml dims, fastest-varying first: a PyTorch `[out, in]` weight has `[in, out]`.
    public let dimensions: [Int]
    /// The storage type.
    public let type: GGMLType
    /// Absolute byte offset in the file.
    public let fileOffset: Int
    /// Bytes the tensor occupies.
    public let byteCount: Int

    /// Number of values.
    public var elementCount: Int { dimensions.reduce(1, *) }
}
