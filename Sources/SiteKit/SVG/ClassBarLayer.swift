/// One bar of a `ClassBarChart`: the number of features of each class at one layer.
public struct ClassBarLayer: Hashable, Sendable {
    /// The layer.
    public var layer: Int
    /// Features per class; classes missing count as 0.
    public var counts: [FlowNodeClass: Int]
    /// The layer's page (relative URL), nil when none.
    public var href: String?
    /// Features left out of the counts because their origin is unknown (a gap: no R_{L-1} SAE).
    public var unknown: Int

    /// A bar with every field given.
    public init(layer: Int, counts: [FlowNodeClass: Int], href: String? = nil, unknown: Int = 0) {
        self.layer = layer
        self.counts = counts
        self.href = href
        self.unknown = unknown
    }
}
