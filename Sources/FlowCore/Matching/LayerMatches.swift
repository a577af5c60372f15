/// Everything matched for the residual features of one layer R_L.
public struct LayerMatches: Sendable {
    /// The layer L.
    public var layer: Int
    /// Number of residual features of R_L (rows of every comparison).
    public var features: Int
    /// The comparisons made, in the order backward res, mlp, att, forward res (absent ones omitted).
    public var comparisons: [MatchComparison]
    /// Wall-clock seconds spent on this layer (including its share of shared products).
    public var seconds: Double
    /// Floating-point operations of the products made for this layer.
    public var flops: Double
    /// Problems that did not stop the layer (skipped positions, zero decoder rows).
    public var warnings: [String]
    /// The self-audit of this layer's rows when they were matched approximately.
    public var audit: MatchAudit?

    /// A layer's result.
    public init(
        layer: Int, features: Int, comparisons: [MatchComparison], seconds: Double, flops: Double,
        warnings: [String], audit: MatchAudit? = nil
    ) {
        self.audit = audit
        self.layer = layer
        self.features = features
        self.comparisons = comparisons
        self.seconds = seconds
        self.flops = flops
        self.warnings = warnings
    }

    /// The comparison at `site` in `direction`, if it was made.
    public func comparison(hookSite: HookSite, direction: MatchDirection) -> MatchComparison? {
        comparisons.first { $0.hookSite == hookSite && $0.direction == direction }
    }
}
