import XMLSupport

/// Draws a `ClassBarChart`: one stacked bar per layer, each segment filled with its class colour and pattern,
/// a value axis, layer labels, and a legend. Bars link to the layer pages when given.
public struct ClassBarChartRenderer: Sendable {
    /// Height of the plot area.
    public var plotHeight: Double = 200
    /// Width of one bar slot (the plot is at least 320 wide).
    public var barSlot: Double = 22
    /// Prefix of element ids (patterns), unique per page when several charts are inlined.
    public var idPrefix: String = "classbars"

    /// A renderer with the default geometry.
    public init() {}

    /// The chart as an `<svg>` element.
    public func svg(_ chart: ClassBarChart) -> MarkupElement {
        let prefix = SiteNames.idFragment(idPrefix)
        let left = 56.0
        let top = 12.0
        let plotWidth = max(320, Double(chart.layers.count) * barSlot)
        let totals = chart.layers.map { layer in chart.classes.reduce(0) { $0 + max(0, layer.counts[$1] ?? 0) } }
        let scale = ChartScale(
            covering: chart.normalized ? 100 : Double(totals.max() ?? 0), integers: !chart.normalized)
        let perRow = max(1, Int((left + plotWidth) / 170))
        let legendRows = (chart.classes.count + perRow - 1) / perRow
        let legendTop = top + plotHeight + 40
        let width = left + plotWidth + 16
        let height = legendTop + Double(legendRows) * 22 + 6

        // Bars that link somewhere must stay reachable by screen readers: role="img" would hide them.
        var root = SVG.root(
            width: width, height: height, label: chart.title, cssClass: "chart class-bars",
            role: chart.layers.contains { $0.href != nil } ? "group" : "img")
        root.append(SVG.title(chart.title))
        root.append(ClassPatterns.defs(prefix: prefix))

        var axis = MarkupElement("g", ["class": "axis"])
        for tick in scale.ticks {
            let y = top + plotHeight - tick / scale.maximum * plotHeight
            axis.append(
                SVG.line(x1: left, y1: y, x2: left + plotWidth, y2: y, cssClass: tick == 0 ? "axis-line" : "grid-line"))
            let text = scale.label(tick) + (chart.normalized ? "%" : "")
            axis.append(SVG.text(text, x: left - 6, y: y + 4, cssClass: "tick-label", anchor: "end"))
        }
        root.append(axis)

        var bars = MarkupElement("g", ["class": "bars"])
        let slot = plotWidth / Double(max(1, chart.layers.count))
        let labelEvery = max(1, Int((18 / slot).rounded(.up)))
        for (position, layer) in chart.layers.enumerated() {
            let total = totals[position]
            let x = left + Double(position) * slot + slot * 0.15
            var summary = "Layer \(layer.layer): \(total) features"
            var segments: [MarkupElement] = []
            var base = 0.0
            for nodeClass in chart.classes {
                let count = max(0, layer.counts[nodeClass] ?? 0)
                summary += "; \(nodeClass.title) \(count) (\(SVGNumber.percent(count, of: total)))"
                guard count > 0 else { continue }
                let value = chart.normalized ? Double(count) * 100 / Double(max(total, 1)) : Double(count)
                let h = value / scale.maximum * plotHeight
                var rect = SVG.rect(
                    x: x, y: top + plotHeight - base - h, width: slot * 0.7, height: h,
                    cssClass: "segment \(nodeClass.cssClass)-pattern",
                    fill: "url(#\(ClassPatterns.id(nodeClass, prefix: prefix)))")
                rect.append(
                    SVG.title(
                        "Layer \(layer.layer), \(nodeClass.title): \(count) (\(SVGNumber.percent(count, of: total)))"))
                segments.append(rect)
                base += h
            }
            if layer.unknown > 0 {
                summary += "; \(layer.unknown) features of unknown origin (a gap: no residual SAE at the layer before)"
            }
            var bar = SVG.link(layer.href, cssClass: "bar", children: [SVG.title(summary)] + segments)
            if position % labelEvery == 0 {
                bar.append(
                    SVG.text("\(layer.layer)", x: x + slot * 0.35, y: top + plotHeight + 14, cssClass: "tick-label"))
            }
            bars.append(bar)
        }
        root.append(bars)
        root.append(SVG.text("layer", x: left + plotWidth / 2, y: top + plotHeight + 30, cssClass: "axis-title"))

        var legend = MarkupElement("g", ["class": "legend"])
        for (position, nodeClass) in chart.classes.enumerated() {
            let x = left + Double(position % perRow) * 170
            let y = legendTop + Double(position / perRow) * 22
            legend.append(ClassPatterns.swatch(nodeClass, prefix: prefix, x: x, y: y))
            legend.append(SVG.text(nodeClass.title, x: x + 20, y: y + 11, cssClass: "legend-text", anchor: "start"))
        }
        root.append(legend)
        return root
    }

    /// The chart as SVG markup to inline in a page (themed by the site stylesheet).
    public func inlineSVG(_ chart: ClassBarChart) throws -> String {
        try SVGCompactor.inline(svg(chart)).fragmentString()
    }
}
