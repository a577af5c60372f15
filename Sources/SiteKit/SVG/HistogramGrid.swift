/// Small multiples: a grid of histograms (e.g. s(R), s(M), s(A) per layer), read row by row.
public struct HistogramGrid: Hashable, Sendable {
    /// What the grid shows (its accessible name).
    public var title: String
    /// The panels, in reading order.
    public var panels: [HistogramPanel]
    /// Panels per row.
    public var columns: Int
    /// One count scale for every panel (comparable heights) instead of one per panel.
    public var sharedScale: Bool

    /// A grid with every field given.
    public init(title: String, panels: [HistogramPanel], columns: Int = 3, sharedScale: Bool = false) {
        self.title = title
        self.panels = panels
        self.columns = columns
        self.sharedScale = sharedScale
    }
}
