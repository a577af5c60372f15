import XMLSupport

/// Bars of shares (each bar sums to 100 %), stacked bottom to top in series order, as inline SVG themed by
/// `site.css` (series `i` fills with class `k<i>`); every segment has a `<title>` with its series and share, and
/// the page states the numbers in a table too, so colour is never the only carrier. Pure and deterministic.
public struct StackedShareChart: Sendable {
    /// One bar: its label (under it), its values per series (any non-negative scale) and an optional link.
    public struct Bar: Sendable, Equatable {
        public var label: String
        public var values: [Double]
        public var href: String?

        /// A bar with every field given.
        public init(label: String, values: [Double], href: String? = nil) {
            self.label = label
            self.values = values
            self.href = href
        }
    }

    /// The accessible name.
    public var title: String
    /// Series names, bottom first.
    public var series: [String]
    /// The bars, left to right.
    public var bars: [Bar]
    /// Width of one bar slot (nil: 48 px, narrowing to 20 px for many bars), and plot height.
    public var slot: Double?
    public var height: Double = 160

    /// A chart with every field given.
    public init(title: String, series: [String], bars: [Bar]) {
        self.title = title
        self.series = series
        self.bars = bars
    }

    /// The chart as SVG markup (needs the site stylesheet for colours).
    public func inlineSVG() throws -> String {
        let slot = self.slot ?? max(20, min(48, 640 / Double(max(1, bars.count))))
        let left = 40
        let top = 8
        let plot = Int(height)
        let width = left + max(120, Int(Double(bars.count) * slot)) + 8
        let total = top + plot + 20
        let w = MarkupWriter()
        w.start("svg")
        w.attribute("xmlns", SVG.namespace)
        w.attribute("viewBox", "0 0 \(width) \(total)")
        w.attribute("width", width)
        w.attribute("height", total)
        w.attribute("class", "chart shares")
        w.attribute("role", bars.contains { $0.href != nil } ? "group" : "img")
        w.element("title", text: SVG.clean(title))
        w.start("g")
        w.attribute("class", "axis")
        for tick in stride(from: 0, through: 100, by: 25) {
            let y = top + plot - plot * tick / 100
            w.start("path")
            w.attribute("d", "M\(left - 4) \(y)H\(width - 8)")
            w.end()
            w.start("text")
            w.attribute("x", left - 6)
            w.attribute("y", y + 4)
            w.attribute("text-anchor", "end")
            w.text("\(tick)%")
            w.end()
        }
        w.end()
        for (index, bar) in bars.enumerated() {
            let sum = bar.values.reduce(0) { $0 + max(0, $1) }
            let x = left + Int((Double(index) * slot).rounded()) + 2
            let barWidth = max(2, Int(slot) - 4)
            if let href = bar.href, SVG.isSafeHref(href) {
                w.start("a")
                w.attribute("href", href)
            } else {
                w.start("g")
            }
            w.element("title", text: SVG.clean(bar.label))
            var bottom = Double(top + plot)
            for (s, value) in bar.values.enumerated() where sum > 0 && value > 0 {
                let h = value / sum * Double(plot)
                let y0 = Int((bottom - h).rounded())
                let y1 = Int(bottom.rounded())
                bottom -= h
                guard y1 > y0 else { continue }
                w.start("rect")
                w.attribute("x", x)
                w.attribute("y", y0)
                w.attribute("width", barWidth)
                w.attribute("height", y1 - y0)
                w.attribute("class", "k\(s)")
                let name = s < series.count ? series[s] : "series \(s + 1)"
                w.element(
                    "title",
                    text: "\(SVG.clean(bar.label)): \(name) \(SVGNumber.fixed(value / sum * 100, decimals: 1)) %")
                w.end()
            }
            w.start("text")
            w.attribute("x", x + barWidth / 2)
            w.attribute("y", top + plot + 14)
            w.attribute("text-anchor", "middle")
            w.text(SVG.clean(bar.label))
            w.end()
            w.end()
        }
        w.end()
        return try w.finish()
    }
}
