/// A place in the forward pass where activations can be read or edited, named as TransformerLens
/// names it (MODELS.md §4).
public enum TransformerHook: Hashable, Sendable, CustomStringConvertible {
    /// `hook_embed`: the token embeddings (for Gemma 2 already multiplied by √d_model, as
    /// TransformerLens folds that scale into W_E), `[pos, d_model]`.
    case embed
    /// `blocks.L.hook_resid_pre`: the residual stream entering block L, `[pos, d_model]`.
    case residPre(Int)
    /// `blocks.L.attn.hook_z`: per-head attention outputs before W_O, `[pos, heads · d_head]`,
    /// head-major (head 0's `d_head` values first).
    case attnZ(Int)
    /// `blocks.L.hook_attn_out`: what attention adds to the residual stream (Gemma 2: after
    /// `post_attention_layernorm`), `[pos, d_model]`.
    case attnOut(Int)
    /// `blocks.L.hook_mlp_out`: what the MLP adds to the residual stream (Gemma 2: after
    /// `post_feedforward_layernorm`), `[pos, d_model]`.
    case mlpOut(Int)
    /// `blocks.L.hook_resid_post`: the residual stream leaving block L
    /// (= resid_pre + attn_out + mlp_out), `[pos, d_model]`.
    case residPost(Int)

    /// The TransformerLens name, e.g. `blocks.3.hook_resid_post`.
    public var name: String {
        switch self {
        case .embed: "hook_embed"
        case .residPre(let layer): "blocks.\(layer).hook_resid_pre"
        case .attnZ(let layer): "blocks.\(layer).attn.hook_z"
        case .attnOut(let layer): "blocks.\(layer).hook_attn_out"
        case .mlpOut(let layer): "blocks.\(layer).hook_mlp_out"
        case .residPost(let layer): "blocks.\(layer).hook_resid_post"
        }
    }

    /// The block the point belongs to (nil for `hook_embed`).
    public var layer: Int? {
        switch self {
        case .embed: nil
        case .residPre(let layer), .attnZ(let layer), .attnOut(let layer), .mlpOut(let layer),
            .residPost(let layer):
            layer
        }
    }

    /// The name as written.
    public var description: String { name }

    /// Parses a TransformerLens name (`hook_embed`, `blocks.L.hook_resid_pre`, `blocks.L.attn.hook_z`,
    /// `blocks.L.hook_attn_out`, `blocks.L.hook_mlp_out`, `blocks.L.hook_resid_post`); nil otherwise.
    public init?(name: String) {
        if name == "hook_embed" {
            self = .embed
            return
        }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 3, parts[0] == "blocks", let layer = Int(parts[1]), layer >= 0,
            String(layer) == parts[1]
        else { return nil }
        switch parts.dropFirst(2).joined(separator: ".") {
        case "hook_resid_pre": self = .residPre(layer)
        case "attn.hook_z": self = .attnZ(layer)
        case "hook_attn_out": self = .attnOut(layer)
        case "hook_mlp_out": self = .mlpOut(layer)
        case "hook_resid_post": self = .residPost(layer)
        default: return nil
        }
    }
}
