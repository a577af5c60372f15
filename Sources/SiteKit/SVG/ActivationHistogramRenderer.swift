import XMLSupport

/// Draws a feature's activation histogram as a small inline SVG: one bar per bin (a single path), the lowest and
/// highest edge under it, themed by `site.css` (`svg.act-hist`). Pure and deterministic.
public struct ActivationHistogramRenderer: Sendable {
    /// Plot width and height.
    public var width: Double = 240
    public var height: Double = 48

    /// A renderer with the default geometry.
    public init() {}

    /// The histogram of `counts` over bins bounded by `edges` (`counts.count + 1` of them) as SVG markup.
    public func inlineSVG(edges: [Double], counts: [Int], title: String) throws -> String {
        let total = counts.reduce(0) { $0 + max(0, $1) }
        let peak = max(1, counts.max() ?? 1)
        let w = MarkupWriter()
        let full = Int(width)
        let plot = Int(height)
        w.start("svg")
        w.attribute("xmlns", SVG.namespace)
        w.attribute("viewBox", "0 0 \(full) \(plot + 14)")
        w.attribute("width", full)
        w.attribute("height", plot + 14)
        w.attribute("class", "act-hist")
        w.attribute("role", "img")
        w.element("title", text: SVG.clean(title))
        var path = ""
        if !counts.isEmpty {
            let bar = width / Double(counts.count)
            for (i, count) in counts.enumerated() where count > 0 {
                let h = max(1, Int((Double(count) / Double(peak) * height).rounded()))
                let x0 = Int((Double(i) * bar).rounded())
                let x1 = max(x0 + 1, Int((Double(i + 1) * bar).rounded()) - (bar >= 3 ? 1 : 0))
                path += "M\(x0) \(plot)V\(plot - h)H\(x1)V\(plot)z"
            }
        }
        if !path.isEmpty {
            w.start("path")
            w.attribute("d", path)
            w.end()
        }
        w.start("path")
        w.attribute("class", "axis")
        w.attribute("d", "M0 \(plot)H\(full)")
        w.end()
        if total > 0, let low = edges.first, let high = edges.last {
            w.start("text")
            w.attribute("x", 0)
            w.attribute("y", plot + 12)
            w.text(SVGNumber.fixed(low, decimals: 2))
            w.end()
            w.start("text")
            w.attribute("x", full)
            w.attribute("y", plot + 12)
            w.attribute("text-anchor", "end")
            w.text(SVGNumber.fixed(high, decimals: 2))
            w.end()
        }
        w.end()
        return try w.finish()
    }
}
