/// What a Gemma Scope 2 path says (FORMATS.md §2.4):
/// `…gemma-scope-2-1b-pt/resid_post/layer_L_width_16k_l0_medium/params.safetensors` (also `resid_post_all`,
/// `mlp_out(_all)`, `attn_out(_all)`, and inside a Hugging Face cache `models--google--gemma-scope-2-…/snapshots/<rev>/…`).
struct GemmaScope2Location: Equatable, Hashable, Sendable, HuggingFaceCached {
    /// The folder names that hold SAEs, and the site each stands for.
    static let siteFolders: [String: HookSite] = [
        "resid_post": .res, "resid_post_all": .res, "mlp_out": .mlp, "mlp_out_all": .mlp, "attn_out": .att,
        "attn_out_all": .att,
    ]
    /// L0 labels in the order the default choice prefers them.
    static let preferredL0 = ["medium", "small", "big"]

    /// The site from the folder name (`resid_post` → res).
    var hookSite: HookSite
    /// Layer index from `layer_L`.
    var layer: Int
    /// Width label (`16k`, `65k`, `262k`, `1m`).
    var widthLabel: String
    /// L0 label (`small`, `medium`, `big`).
    var l0Label: String
    /// The Hugging Face cache snapshot the file sits in, if any.
    var snapshot: String?
    /// The folder that holds the snapshots, if any.
    var cacheRepository: String?

    /// A location given explicitly (manifests); an empty width label skips the width check.
    init(hookSite: HookSite, layer: Int, widthLabel: String = "", l0Label: String = "") {
        self.hookSite = hookSite
        self.layer = layer
        self.widthLabel = widthLabel
        self.l0Label = l0Label
    }

    /// Parses a path ending in `<site folder>/layer_L_width_W_l0_X/params.safetensors`; nil otherwise.
    init?(path: String) {
        let parts = path.split(separator: "/").map(String.init)
        guard parts.count >= 3, parts[parts.count - 1] == "params.safetensors",
            let hookSite = Self.siteFolders[parts[parts.count - 3]]
        else { return nil }
        let fields = parts[parts.count - 2].split(separator: "_").map(String.init)
        guard fields.count == 6, fields[0] == "layer", let layer = Int(fields[1]), layer >= 0, fields[2] == "width",
            GemmaScopeLocation.width(label: fields[3]) != nil, fields[4] == "l0", !fields[5].isEmpty
        else { return nil }
        self.hookSite = hookSite
        self.layer = layer
        self.widthLabel = fields[3]
        self.l0Label = fields[5]
        let above = Array(parts[..<(parts.count - 3)])
        if above.count >= 3, above[above.count - 2] == "snapshots" {
            snapshot = above[above.count - 1]
            cacheRepository = (path.hasPrefix("/") ? "/" : "") + above[..<(above.count - 2)].joined(separator: "/")
        }
    }

    /// Number of latents the width label stands for.
    var width: Int? { GemmaScopeLocation.width(label: widthLabel) }

    /// Rank of the L0 label in the default choice (unknown labels after the known ones).
    var l0Rank: Int { Self.preferredL0.firstIndex(of: l0Label) ?? Self.preferredL0.count }
}
