/// A TransformerLens hook name understood as a (layer, site) position (METHOD.md §1).
public struct HookPoint: Equatable, Sendable {
    /// The layer the SAE belongs to.
    public var layer: Int
    /// The site within the layer.
    public var hookSite: HookSite
    /// True for `blocks.L.attn.hook_z` (per-head outputs that need W_O projection).
    public var needsProjection: Bool

    /// Parses `blocks.L.hook_resid_post|hook_mlp_out|hook_attn_out`, `blocks.L.attn.hook_z`,
    /// and `blocks.L.hook_resid_pre` (= the residual after block L−1, so layer L−1; nil for L = 0).
    public init?(hookName: String) {
        let parts = hookName.split(separator: ".").map(String.init)
        guard parts.count >= 3, parts[0] == "blocks", let layer = Int(parts[1]), layer >= 0 else { return nil }
        let rest = parts[2...].joined(separator: ".")
        switch rest {
        case "hook_resid_post": self.init(layer: layer, hookSite: .res)
        case "hook_mlp_out": self.init(layer: layer, hookSite: .mlp)
        case "hook_attn_out": self.init(layer: layer, hookSite: .att)
        case "attn.hook_z", "hook_z": self.init(layer: layer, hookSite: .att, needsProjection: true)
        case "hook_resid_pre":
            guard layer > 0 else { return nil }
            self.init(layer: layer - 1, hookSite: .res)
        default: return nil
        }
    }

    /// A position.
    public init(layer: Int, hookSite: HookSite, needsProjection: Bool = false) {
        self.layer = layer
        self.hookSite = hookSite
        self.needsProjection = needsProjection
    }

    /// The canonical hook name for a site (`blocks.L.attn.hook_z` when `needsProjection`).
    public static func canonicalName(layer: Int, hookSite: HookSite, hookZ: Bool = false) -> String {
        switch hookSite {
        case .res: return "blocks.\(layer).hook_resid_post"
        case .mlp: return "blocks.\(layer).hook_mlp_out"
        case .att: return hookZ ? "blocks.\(layer).attn.hook_z" : "blocks.\(layer).hook_attn_out"
        }
    }
}
