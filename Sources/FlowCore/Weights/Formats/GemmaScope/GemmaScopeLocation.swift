/// What a Gemma Scope path says: `…gemma-scope-2b-pt-res/layer_L/width_16k/average_l0_N/params.npz`
/// (also inside a Hugging Face cache `models--google--gemma-scope-…/snapshots/<rev>/…`).
public struct GemmaScopeLocation: Equatable, Hashable, Sendable, HuggingFaceCached {
    /// Model size label (`2b`, `9b`, `27b`).
    public var modelSize: String
    /// `pt` or `it`.
    public var variant: String
    /// The site from the repository name (`-res`, `-mlp`, `-att`).
    public var hookSite: HookSite
    /// Layer index from `layer_L`.
    public var layer: Int
    /// Width label (`16k`, `65k`, `1m`).
    public var widthLabel: String
    /// Mean L0 from `average_l0_N`.
    public var averageL0: Int
    /// The Hugging Face cache snapshot (`…/snapshots/<rev>/…`) the file sits in, if any.
    public var snapshot: String?
    /// The folder that holds the snapshots (`…/models--google--gemma-scope-2b-pt-res`), if any.
    public var cacheRepository: String?

    /// A location given explicitly (manifests).
    public init(modelSize: String, variant: String, hookSite: HookSite, layer: Int, widthLabel: String, averageL0: Int)
    {
        self.modelSize = modelSize
        self.variant = variant
        self.hookSite = hookSite
        self.layer = layer
        self.widthLabel = widthLabel
        self.averageL0 = averageL0
    }

    /// Parses a path ending in `params.npz`; nil when it does not follow the layout. With `loose`, a folder
    /// that does not name a `gemma-scope-…` repository is accepted when its name holds the site as a word
    /// (`res`, `mlp`, `att`, e.g. a `--local-dir` download into `gemma-2b-res/`); size and variant are
    /// taken from words such as `2b` and `pt` when present.
    public init?(path: String, loose: Bool = false) {
        let parts = path.split(separator: "/").map(String.init)
        guard parts.count >= 4, parts[parts.count - 1] == "params.npz" else { return nil }
        let l0Part = parts[parts.count - 2]
        let widthPart = parts[parts.count - 3]
        let layerPart = parts[parts.count - 4]
        guard l0Part.hasPrefix("average_l0_"), let l0 = Int(l0Part.dropFirst("average_l0_".count)),
            widthPart.hasPrefix("width_"), layerPart.hasPrefix("layer_"),
            let layer = Int(layerPart.dropFirst("layer_".count))
        else { return nil }
        self.layer = layer
        self.widthLabel = String(widthPart.dropFirst("width_".count))
        self.averageL0 = l0
        let above = Array(parts[..<(parts.count - 4)])
        if above.count >= 3, above[above.count - 2] == "snapshots" {
            // `models--google--gemma-scope-2b-pt-res/snapshots/<rev>/layer_…`
            snapshot = above[above.count - 1]
            cacheRepository = (path.hasPrefix("/") ? "/" : "") + above[..<(above.count - 2)].joined(separator: "/")
        }
        // The nearest ancestor naming a Gemma Scope repository (plain, or as an HF cache folder).
        for part in above.reversed() {
            guard let range = part.range(of: "gemma-scope-") else { continue }
            let fields = part[range.upperBound...].split(separator: "-").map(String.init)
            guard fields.count == 3, let hookSite = HookSite(rawValue: fields[2]) else { continue }
            self.modelSize = fields[0]
            self.variant = fields[1]
            self.hookSite = hookSite
            return
        }
        // Loose: the folder holding `layer_L` (or its snapshots) must name the site as a word.
        guard loose, let name = snapshot == nil ? above.last : above.dropLast(2).last else { return nil }
        let words = name.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
        guard let hookSite = words.reversed().compactMap(HookSite.init(rawValue:)).first else { return nil }
        self.hookSite = hookSite
        self.modelSize = words.first { ["2b", "9b", "27b"].contains($0) } ?? ""
        self.variant = words.first { ["pt", "it"].contains($0) } ?? ""
    }

    /// The width labels of the Gemma Scope releases and the number of latents each stands for
    /// (FORMATS.md §2.1): every width is a power of two, named by its leading digits in thousands or
    /// millions (`16k` = 2¹⁴ = 16384, `65k` = 2¹⁶ = 65536, `1m` = 2²⁰ = 1048576).
    public static let widths: [String: Int] = [
        "4k": 4096, "16k": 16384, "32k": 32768, "65k": 65536, "131k": 131072, "262k": 262144, "524k": 524288,
        "1m": 1_048_576,
    ]

    /// The number of latents a width label stands for: the power of two whose value, truncated to
    /// thousands (`k`) or millions (`m`), is the label's number; nil when no power of two fits.
    public static func width(label: String) -> Int? {
        if let known = widths[label] { return known }
        guard let unit = label.last, let value = Int(label.dropLast()), value > 0 else { return nil }
        let divisor: Int
        switch unit {
        case "k": divisor = 1000
        case "m": divisor = 1_000_000
        default: return nil
        }
        for exponent in 0..<62 where (1 << exponent) / divisor == value { return 1 << exponent }
        return nil
    }

    /// Number of latents the width label stands for (`16k` → 16384, `65k` → 65536, `1m` → 1048576).
    public var width: Int? { Self.width(label: widthLabel) }

    /// The repository name this location stands for (`gemma-scope-2b-pt-res`).
    public var repositoryName: String {
        modelSize.isEmpty
            ? "gemma-scope-\(hookSite.rawValue)" : "gemma-scope-\(modelSize)-\(variant)-\(hookSite.rawValue)"
    }

    /// Neuronpedia model id (`gemma-2-2b`, `gemma-2-9b-it`).
    public var neuronpediaModel: String { "gemma-2-\(modelSize)" + (variant == "it" ? "-it" : "") }

    /// The canonical L0 for this layer, site and width (FORMATS.md §2.1; Gemma 2 2B only).
    public var canonicalL0: Int? {
        guard modelSize == "2b", variant == "pt" else { return nil }
        return GemmaScopeCanonical.averageL0(layer: layer, hookSite: hookSite, widthLabel: widthLabel)
    }

    /// `gemma-2-2b/{L}-gemmascope-{site}-{width}` for canonical SAEs (FORMATS.md §8); nil otherwise.
    public var neuronpediaID: String? {
        guard canonicalL0 == averageL0 else { return nil }
        return "\(neuronpediaModel)/\(layer)-gemmascope-\(hookSite.rawValue)-\(widthLabel)"
    }
}
