/// Per-layer stacked bars of origin classes (or any subset, e.g. the newborn classes for births per layer).
public struct ClassBarChart: Hashable, Sendable {
    /// What the chart shows (its accessible name).
    public var title: String
    /// The classes stacked, bottom to top, and listed in the legend.
    public var classes: [FlowNodeClass]
    /// One bar per layer, in the order drawn.
    public var layers: [ClassBarLayer]
    /// Show each bar as shares of 100 % instead of counts.
    public var normalized: Bool

    /// A chart with every field given.
    public init(
        title: String,
        classes: [FlowNodeClass] = [
            .translated, .processed, .newbornMLP, .newbornAttention, .newbornBoth, .unexplained,
        ],
        layers: [ClassBarLayer], normalized: Bool = false
    ) {
        self.title = title
        self.classes = classes
        self.layers = layers
        self.normalized = normalized
    }
}
