/// One small histogram: counts in equal-width bins over `lowerBound…upperBound`.
public struct HistogramPanel: Hashable, Sendable {
    /// Panel heading, e.g. "L3 s(R)".
    public var title: String
    /// Counts per bin, left to right.
    public var bins: [Int]
    /// Value at the left edge of the first bin.
    public var lowerBound: Double
    /// Value at the right edge of the last bin.
    public var upperBound: Double
    /// A threshold drawn as a dashed vertical line, when given.
    public var threshold: Double?
    /// A page the panel links to, when given.
    public var href: String?

    /// A panel with every field given.
    public init(
        title: String, bins: [Int], lowerBound: Double = 0, upperBound: Double = 1, threshold: Double? = nil,
        href: String? = nil
    ) {
        self.title = title
        self.bins = bins
        self.lowerBound = lowerBound
        self.upperBound = upperBound
        self.threshold = threshold
        self.href = href
    }
}
