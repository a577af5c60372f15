/// How often and how strongly one feature fires on the evidence text (`feature_stats`).
public struct FeatureActivity: Equatable, Sendable {
    public var layer: Int
    public var hookSite: HookSite
    public var feature: Int
    /// Tokens on which the feature is active (> 0).
    public var active: Int
    /// Mean activation over those tokens, and the maximum.
    public var mean: Double
    public var max: Double
    /// Activation histogram over the active tokens.
    public var histogram: ActivationHistogram

    /// An activity record.
    public init(
        layer: Int, hookSite: HookSite, feature: Int, active: Int, mean: Double, max: Double,
        histogram: ActivationHistogram
    ) {
        self.layer = layer
        self.hookSite = hookSite
        self.feature = feature
        self.active = active
        self.mean = mean
        self.max = max
        self.histogram = histogram
    }
}

/// Counts of activations in consecutive bins: bin i holds values in [edges[i], edges[i+1]).
public struct ActivationHistogram: Codable, Equatable, Sendable {
    /// n + 1 increasing bin edges.
    public var edges: [Double]
    /// n counts.
    public var counts: [Int]

    /// A histogram; `edges.count` must be `counts.count + 1`.
    public init(edges: [Double], counts: [Int]) {
        self.edges = edges
        self.counts = counts
    }
}
