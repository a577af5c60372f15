/// One bar of a `BarChart`.
public struct BarChartBar: Hashable, Sendable {
    /// The category under the bar, e.g. a layer number or a lifespan.
    public var label: String
    /// The bar's value (negative and non-finite values draw as 0).
    public var value: Double
    /// A page the bar links to, when given.
    public var href: String?
    /// Colours the bar by class (and pattern) when given; otherwise a neutral colour.
    public var nodeClass: FlowNodeClass?

    /// A bar with every field given.
    public init(label: String, value: Double, href: String? = nil, nodeClass: FlowNodeClass? = nil) {
        self.label = label
        self.value = value
        self.href = href
        self.nodeClass = nodeClass
    }
}
