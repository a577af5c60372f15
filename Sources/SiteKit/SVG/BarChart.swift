/// A simple bar chart (births per layer, lifespan distribution).
public struct BarChart: Hashable, Sendable {
    /// What the chart shows (its accessible name).
    public var title: String
    /// Caption of the category axis, e.g. "layer" or "lifespan (layers)".
    public var xLabel: String
    /// Caption of the value axis, e.g. "features".
    public var yLabel: String
    /// The bars, in the order drawn.
    public var bars: [BarChartBar]
    /// Values are whole numbers (ticks are integers).
    public var integerValues: Bool

    /// A chart with every field given.
    public init(title: String, xLabel: String, yLabel: String, bars: [BarChartBar], integerValues: Bool = true) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.bars = bars
        self.integerValues = integerValues
    }
}
