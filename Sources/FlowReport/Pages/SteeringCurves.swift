import FlowCore
import SiteKit
import XMLSupport

/// One series of a steering curve panel: a strategy's values at the x positions it has.
struct SteeringSeries {
    var name: String
    /// (x position index, value in [0, 1]).
    var points: [(Int, Double)]
}

/// Line charts of B, C and the combined score against the sweep's strengths or layers, one panel per
/// measure, one line per strategy (Okabe–Ito colours, and a dash pattern and marker shape each).
enum SteeringCurves {
    static let colours = ["#0072B2", "#D55E00", "#009E73", "#CC79A7"]
    static let dashes = ["", "6 3", "2 3", "8 2 2 2"]

    /// Three panels side by side (`measures` names them) over the x labels `xs`.
    static func svg(title: String, xLabel: String, xs: [String], measures: [(String, [SteeringSeries])])
        -> MarkupElement
    {
        let (panelWidth, panelHeight, left, top, gap) = (220.0, 150.0, 40.0, 28.0, 24.0)
        let width = left + Double(measures.count) * (panelWidth + gap) + 8
        let height = top + panelHeight + 70
        var root = SVG.root(width: width, height: height, label: title, cssClass: "chart steering-curves")
        root.append(SVG.title(title))
        for (panel, (measure, series)) in measures.enumerated() {
            let x0 = left + Double(panel) * (panelWidth + gap)
            var group = MarkupElement("g", ["class": "panel"])
            group.append(SVG.text(measure, x: x0 + panelWidth / 2, y: 14, cssClass: "panel-title"))
            for tick in [0.0, 0.5, 1.0] {
                let y = top + panelHeight - tick * panelHeight
                group.append(
                    SVG.line(x1: x0, y1: y, x2: x0 + panelWidth, y2: y, cssClass: tick == 0 ? "axis-line" : "grid-line")
                )
                group.append(
                    SVG.text(
                        SVGNumber.fixed(tick, decimals: 1), x: x0 - 4, y: y + 4, cssClass: "tick-label", anchor: "end"))
            }
            let step = panelWidth / Double(max(1, xs.count))
            func px(_ i: Int) -> Double { x0 + step * (Double(i) + 0.5) }
            func py(_ v: Double) -> Double { top + panelHeight - min(1, max(0, v)) * panelHeight }
            for (i, label) in xs.enumerated() {
                group.append(
                    SVG.text(
                        SVG.truncated(label, limit: 7), x: px(i), y: top + panelHeight + 14, cssClass: "tick-label"))
            }
            group.append(SVG.text(xLabel, x: x0 + panelWidth / 2, y: top + panelHeight + 30, cssClass: "axis-title"))
            for (index, line) in series.enumerated() where !line.points.isEmpty {
                let colour = colours[index % colours.count]
                let points = line.points.map { "\(SVGNumber.coordinate(px($0.0))),\(SVGNumber.coordinate(py($0.1)))" }
                var polyline = element(
                    "polyline",
                    [
                        ("points", points.joined(separator: " ")), ("fill", "none"), ("stroke", colour),
                        ("stroke-width", "2"), ("class", "series"),
                    ] + dash(index))
                polyline.append(SVG.title(line.name))
                group.append(polyline)
                for (i, value) in line.points {
                    var marker = SVG.shape(
                        FlowNodeShape.allCases[index % FlowNodeShape.allCases.count], x: px(i), y: py(value), r: 3.5,
                        cssClass: "marker", fill: colour)
                    marker.append(
                        SVG.title("\(line.name), \(xLabel) \(xs[i]): \(measure) \(SVGNumber.fixed(value, decimals: 3))")
                    )
                    group.append(marker)
                }
            }
            root.append(group)
        }
        var legend = MarkupElement("g", ["class": "legend"])
        let names = measures.first?.1.map(\.name) ?? []
        for (index, name) in names.enumerated() {
            let x = left + Double(index) * 150
            let y = top + panelHeight + 52
            legend.append(
                element(
                    "line",
                    [
                        ("x1", SVGNumber.coordinate(x)), ("y1", SVGNumber.coordinate(y)),
                        ("x2", SVGNumber.coordinate(x + 24)), ("y2", SVGNumber.coordinate(y)),
                        ("stroke", colours[index % colours.count]), ("stroke-width", "2"),
                    ] + dash(index)))
            legend.append(SVG.text(name, x: x + 30, y: y + 4, cssClass: "tick-label", anchor: "start"))
        }
        root.append(legend)
        return root
    }

    static func dash(_ index: Int) -> [(String, String)] {
        let pattern = dashes[index % dashes.count]
        return pattern.isEmpty ? [] : [("stroke-dasharray", pattern)]
    }

    static func element(_ name: String, _ attributes: [(String, String)]) -> MarkupElement {
        MarkupElement(
            name: name, namespace: nil, attributes: attributes.map { MarkupAttribute($0.0, $0.1) }, children: [],
            line: 0)
    }

    /// The chart as inline markup.
    static func inline(_ element: MarkupElement) throws -> String { try SVGCompactor.inline(element).fragmentString() }
}
