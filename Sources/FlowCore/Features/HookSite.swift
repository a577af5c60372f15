/// A position in a transformer layer where an SAE reads activations (METHOD.md §1).
public enum HookSite: String, CaseIterable, Codable, Sendable, Comparable {
    /// Residual stream after block L (`blocks.L.hook_resid_post`), R_L.
    case res
    /// MLP output of layer L (`blocks.L.hook_mlp_out`), M_L.
    case mlp
    /// Attention output of layer L (`blocks.L.hook_attn_out`, or `hook_z` projected), A_L.
    case att

    /// Display order: residual, MLP, attention.
    public static func < (lhs: HookSite, rhs: HookSite) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
