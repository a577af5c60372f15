import XMLSupport

/// Draws a `BarChart`: vertical bars with a value axis, category labels and axis captions.
public struct BarChartRenderer: Sendable {
    /// Height of the plot area.
    public var plotHeight: Double = 180
    /// Width of one bar slot (the plot is at least 320 wide).
    public var barSlot: Double = 22
    /// Prefix of element ids (patterns), unique per page when several charts are inlined.
    public var idPrefix: String = "bars"

    /// A renderer with the default geometry.
    public init() {}

    /// The chart as an `<svg>` element.
    public func svg(_ chart: BarChart) -> MarkupElement {
        let prefix = SiteNames.idFragment(idPrefix)
        let left = 64.0
        let top = 12.0
        let plotWidth = max(320, Double(chart.bars.count) * barSlot)
        let values = chart.bars.map { $0.value.isFinite ? max(0, $0.value) : 0 }
        let scale = ChartScale(covering: values.max() ?? 0, integers: chart.integerValues)
        let width = left + plotWidth + 16
        let height = top + plotHeight + 40
        var root = SVG.root(width: width, height: height, label: chart.title, cssClass: "chart bar-chart")
        root.append(SVG.title(chart.title))
        if chart.bars.contains(where: { $0.nodeClass != nil }) { root.append(ClassPatterns.defs(prefix: prefix)) }

        var axis = MarkupElement("g", ["class": "axis"])
        for tick in scale.ticks {
            let y = top + plotHeight - tick / scale.maximum * plotHeight
            axis.append(
                SVG.line(x1: left, y1: y, x2: left + plotWidth, y2: y, cssClass: tick == 0 ? "axis-line" : "grid-line"))
            axis.append(SVG.text(scale.label(tick), x: left - 6, y: y + 4, cssClass: "tick-label", anchor: "end"))
        }
        var yTitle = SVG.text(chart.yLabel, x: 14, y: top + plotHeight / 2, cssClass: "axis-title")
        yTitle[attribute: "transform"] = "rotate(-90 14 \(SVGNumber.coordinate(top + plotHeight / 2)))"
        axis.append(yTitle)
        axis.append(SVG.text(chart.xLabel, x: left + plotWidth / 2, y: top + plotHeight + 32, cssClass: "axis-title"))
        root.append(axis)

        var bars = MarkupElement("g", ["class": "bars"])
        let slot = plotWidth / Double(max(1, chart.bars.count))
        let labelEvery = max(1, Int((18 / slot).rounded(.up)))
        for (position, bar) in chart.bars.enumerated() {
            let value = values[position]
            let h = value / scale.maximum * plotHeight
            let x = left + Double(position) * slot + slot * 0.15
            let valueText =
                chart.integerValues ? SVGNumber.fixed(value, decimals: 0) : SVGNumber.fixed(value, decimals: 2)
            let fill = bar.nodeClass.map { "url(#\(ClassPatterns.id($0, prefix: prefix)))" } ?? "#56B4E9"
            let cssClass = bar.nodeClass.map { "bar-fill \($0.cssClass)-pattern" } ?? "bar-fill"
            var parts = [SVG.title("\(chart.xLabel) \(bar.label): \(valueText) \(chart.yLabel)")]
            parts.append(
                SVG.rect(x: x, y: top + plotHeight - h, width: slot * 0.7, height: h, cssClass: cssClass, fill: fill))
            if position % labelEvery == 0 {
                parts.append(
                    SVG.text(
                        SVG.truncated(bar.label, limit: 6), x: x + slot * 0.35, y: top + plotHeight + 14,
                        cssClass: "tick-label"))
            }
            bars.append(SVG.link(bar.href, cssClass: "bar", children: parts))
        }
        root.append(bars)
        return root
    }

    /// The chart as SVG markup to inline in a page (themed by the site stylesheet).
    public func inlineSVG(_ chart: BarChart) throws -> String { try SVGCompactor.inline(svg(chart)).fragmentString() }
}
