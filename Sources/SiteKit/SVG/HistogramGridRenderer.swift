import XMLSupport

/// Draws a `HistogramGrid`: equal-size panels with bars, bounds under the axis, the largest count, and the threshold.
public struct HistogramGridRenderer: Sendable {
    /// Width of one panel.
    public var panelWidth: Double = 170
    /// Height of one panel.
    public var panelHeight: Double = 100

    /// A renderer with the default geometry.
    public init() {}

    /// The grid as an `<svg>` element.
    public func svg(_ grid: HistogramGrid) -> MarkupElement {
        let columns = max(1, grid.columns)
        let rows = (grid.panels.count + columns - 1) / columns
        let width = Double(columns) * panelWidth + 8
        let height = Double(max(rows, 1)) * panelHeight + 8
        let sharedMax = grid.panels.flatMap(\.bins).max() ?? 0
        var root = SVG.root(width: width, height: height, label: grid.title, cssClass: "chart histograms")
        root.append(SVG.title(grid.title))
        for (position, panel) in grid.panels.enumerated() {
            let originX = 4 + Double(position % columns) * panelWidth
            let originY = 4 + Double(position / columns) * panelHeight
            let peak = grid.sharedScale ? sharedMax : (panel.bins.max() ?? 0)
            root.append(panelElement(panel, x: originX, y: originY, peak: peak))
        }
        return root
    }

    /// The grid as SVG markup to inline in a page (themed by the site stylesheet).
    public func inlineSVG(_ grid: HistogramGrid) throws -> String {
        try SVGCompactor.inline(svg(grid)).fragmentString()
    }

    func panelElement(_ panel: HistogramPanel, x: Double, y: Double, peak: Int) -> MarkupElement {
        let plotLeft = x + 8
        let plotTop = y + 30
        let plotWidth = panelWidth - 20
        let plotHeight = panelHeight - 52
        let total = panel.bins.reduce(0) { $0 + max(0, $1) }
        var summary = "\(panel.title): \(total) values from \(SVGNumber.fixed(panel.lowerBound, decimals: 2))"
        summary += " to \(SVGNumber.fixed(panel.upperBound, decimals: 2)), largest bin \(max(0, peak))"
        if let threshold = panel.threshold { summary += "; threshold \(SVGNumber.fixed(threshold, decimals: 2))" }
        var parts: [MarkupElement] = [SVG.title(summary)]
        parts.append(SVG.text(panel.title, x: x + 8, y: y + 12, cssClass: "panel-title", anchor: "start"))
        parts.append(
            SVG.text("max \(max(0, peak))", x: x + panelWidth - 12, y: y + 24, cssClass: "tick-label", anchor: "end"))
        parts.append(
            SVG.line(
                x1: plotLeft, y1: plotTop + plotHeight, x2: plotLeft + plotWidth, y2: plotTop + plotHeight,
                cssClass: "axis-line"))
        let binWidth = plotWidth / Double(max(1, panel.bins.count))
        for (index, count) in panel.bins.enumerated() where count > 0 && peak > 0 {
            let h = Double(count) / Double(peak) * plotHeight
            parts.append(
                SVG.rect(
                    x: plotLeft + Double(index) * binWidth, y: plotTop + plotHeight - h,
                    width: max(binWidth - 0.5, 0.5),
                    height: h, cssClass: "hist-bar", fill: "#56B4E9"))
        }
        let span = panel.upperBound - panel.lowerBound
        if let threshold = panel.threshold, span > 0, threshold >= panel.lowerBound, threshold <= panel.upperBound {
            let tx = plotLeft + (threshold - panel.lowerBound) / span * plotWidth
            var line = SVG.line(x1: tx, y1: plotTop - 4, x2: tx, y2: plotTop + plotHeight, cssClass: "threshold")
            line[attribute: "stroke"] = "#D55E00"
            line[attribute: "stroke-dasharray"] = "3 2"
            parts.append(line)
        }
        parts.append(
            SVG.text(
                SVGNumber.fixed(panel.lowerBound, decimals: 2), x: plotLeft, y: plotTop + plotHeight + 13,
                cssClass: "tick-label", anchor: "start"))
        parts.append(
            SVG.text(
                SVGNumber.fixed(panel.upperBound, decimals: 2), x: plotLeft + plotWidth, y: plotTop + plotHeight + 13,
                cssClass: "tick-label", anchor: "end"))
        return SVG.link(panel.href, cssClass: "panel", children: parts)
    }
}
