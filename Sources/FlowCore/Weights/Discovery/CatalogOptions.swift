/// Choices discovery makes when a folder offers several SAEs for one position.
public struct CatalogOptions: Sendable, Equatable {
    /// How to pick one Gemma Scope `average_l0_N` variant per layer and site.
    public enum L0Choice: Sendable, Equatable {
        /// The canonical variant of FORMATS.md §2.1 (nearest to it when absent or unknown).
        case canonical
        /// The variant whose L0 is nearest to this value.
        case nearest(Int)
    }

    /// Gemma Scope L0 variant choice; canonical by default.
    public var gemmaScopeL0: L0Choice
    /// Gemma Scope width label to use (`16k`, `65k`); nil = the smallest width found.
    public var gemmaScopeWidth: String?

    /// Options; the defaults follow the paper (canonical 16k-style choice).
    public init(gemmaScopeL0: L0Choice = .canonical, gemmaScopeWidth: String? = nil) {
        self.gemmaScopeL0 = gemmaScopeL0
        self.gemmaScopeWidth = gemmaScopeWidth
    }
}
