/// What a Gemma Scope path says: `…gemma-scope-2b-pt-res/layer_L/width_16k/average_l0_N/params.npz`
/// (also inside a Hugging Face cache `models--google--gemma-scope-…/snapshots/<rev>/…`).
public struct GemmaScopeLocation: Equatable, Hashable, Sendable {
    /// Model size label (`2b`, `9b`, `27b`).
    public var modelSize: String
    /// `pt` or `it`.
    public var variant: String
    /// The site from the repository name (`-res`, `-mlp`, `-att`).
    public var site: Site
    /// Layer index from `layer_L`.
    public var layer: Int
    /// Width label (`16k`, `65k`, `1m`).
    public var widthLabel: String
    /// Mean L0 from `average_l0_N`.
    public var averageL0: Int

    /// A location given explicitly (manifests).
    public init(modelSize: String, variant: String, site: Site, layer: Int, widthLabel: String, averageL0: Int) {
        self.modelSize = modelSize
        self.variant = variant
        self.site = site
        self.layer = layer
        self.widthLabel = widthLabel
        self.averageL0 = averageL0
    }

    /// Parses a path ending in `params.npz`; nil when it does not follow the layout.
    public init?(path: String) {
        let parts = path.split(separator: "/").map(String.init)
        guard parts.count >= 5, parts[parts.count - 1] == "params.npz" else { return nil }
        let l0Part = parts[parts.count - 2]
        let widthPart = parts[parts.count - 3]
        let layerPart = parts[parts.count - 4]
        guard l0Part.hasPrefix("average_l0_"), let l0 = Int(l0Part.dropFirst("average_l0_".count)),
            widthPart.hasPrefix("width_"), layerPart.hasPrefix("layer_"),
            let layer = Int(layerPart.dropFirst("layer_".count))
        else { return nil }
        // The nearest ancestor naming a Gemma Scope repository (plain, or as an HF cache folder).
        for part in parts[..<(parts.count - 4)].reversed() {
            guard let range = part.range(of: "gemma-scope-") else { continue }
            let fields = part[range.upperBound...].split(separator: "-").map(String.init)
            guard fields.count == 3, let site = Site(rawValue: fields[2]) else { continue }
            self.modelSize = fields[0]
            self.variant = fields[1]
            self.site = site
            self.layer = layer
            self.widthLabel = String(widthPart.dropFirst("width_".count))
            self.averageL0 = l0
            return
        }
        return nil
    }

    /// Number of latents the width label stands for (`16k` → 16384, `1m` → 1048576).
    public var width: Int? {
        let digits = widthLabel.dropLast()
        guard let value = Int(digits) else { return nil }
        let scale: Int
        switch widthLabel.last {
        case "k": scale = 1024
        case "m": scale = 1024 * 1024
        default: return nil
        }
        let (width, overflow) = value.multipliedReportingOverflow(by: scale)
        return overflow ? nil : width
    }

    /// Neuronpedia model id (`gemma-2-2b`, `gemma-2-9b-it`).
    public var neuronpediaModel: String { "gemma-2-\(modelSize)" + (variant == "it" ? "-it" : "") }

    /// The canonical L0 for this layer, site and width (FORMATS.md §2.1; Gemma 2 2B only).
    public var canonicalL0: Int? {
        guard modelSize == "2b", variant == "pt" else { return nil }
        return GemmaScopeCanonical.averageL0(layer: layer, site: site, widthLabel: widthLabel)
    }

    /// `gemma-2-2b/{L}-gemmascope-{site}-{width}` for canonical SAEs (FORMATS.md §8); nil otherwise.
    public var neuronpediaID: String? {
        guard canonicalL0 == averageL0 else { return nil }
        return "\(neuronpediaModel)/\(layer)-gemmascope-\(site.rawValue)-\(widthLabel)"
    }
}
