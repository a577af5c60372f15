/// Choices discovery makes when a folder offers several SAEs for one position.
public struct CatalogOptions: Sendable, Equatable {
    /// How to pick one Gemma Scope `average_l0_N` variant per layer and site.
    public enum L0Choice: Sendable, Equatable {
        /// The canonical variant of FORMATS.md §2.1; when it is absent, the variant nearest to it (the lower
        /// on a tie); when no canonical value is known (models other than 2b-pt, other widths), the
        /// smallest L0 found.
        case canonical
        /// The variant whose L0 is nearest to this value (the lower on a tie).
        case nearest(Int)
    }

    /// Gemma Scope L0 variant choice; canonical by default.
    public var gemmaScopeL0: L0Choice
    /// Gemma Scope width label to use (`16k`, `65k`); nil = the smallest width found. A label that no
    /// folder has is refused; a layer that lacks it uses its smallest width, with a warning.
    public var gemmaScopeWidth: String?
    /// Hugging Face cache revision: a ref name under `refs/` (`main`) or a snapshot folder name (or a prefix
    /// of one); nil = `refs/main`, or the only snapshot.
    public var revision: String?
    /// Residual layers to be matched (nil = all): only the SAEs those layers need are read — residual
    /// SAEs at `lowerBound - 1 … upperBound + 1`, MLP and attention SAEs inside the range.
    public var layers: ClosedRange<Int>?
    /// The format the user named (`--format`); `gemma-scope` also accepts `params.npz` files outside a
    /// `gemma-scope-…` folder (a `--local-dir` download) when a folder name holds the site.
    public var format: SAEFormat?

    /// Options; the defaults follow the paper (canonical 16k-style choice).
    public init(
        gemmaScopeL0: L0Choice = .canonical, gemmaScopeWidth: String? = nil, revision: String? = nil,
        layers: ClosedRange<Int>? = nil, format: SAEFormat? = nil
    ) {
        self.gemmaScopeL0 = gemmaScopeL0
        self.gemmaScopeWidth = gemmaScopeWidth
        self.revision = revision
        self.layers = layers
        self.format = format
    }

    /// Whether the SAE at `layer` and `site` is needed for matching the selected layers.
    public func needs(layer: Int, hookSite: HookSite) -> Bool {
        guard let layers else { return true }
        if hookSite == .res { return layer >= layers.lowerBound - 1 && layer <= layers.upperBound + 1 }
        return layers.contains(layer)
    }
}
