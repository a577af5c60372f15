import XMLSupport

/// Lines over a shared numeric x axis as inline SVG themed by `site.css` (series `i` strokes with class `k<i>`,
/// and each has its own dash pattern and point marker, so colour is never the only carrier); axes with ticks and a
/// legend. Pure and deterministic.
public struct LineChart: Sendable {
    /// One line: a name and its points (x, y), drawn in x order.
    public struct Series: Sendable, Equatable {
        public var name: String
        public var points: [(x: Double, y: Double)]

        /// A series with every field given.
        public init(name: String, points: [(x: Double, y: Double)]) {
            self.name = name
            self.points = points
        }

        public static func == (lhs: Series, rhs: Series) -> Bool {
            lhs.name == rhs.name && lhs.points.elementsEqual(rhs.points) { $0.x == $1.x && $0.y == $1.y }
        }
    }

    /// The accessible name, and the axis titles.
    public var title: String
    public var xTitle: String
    public var yTitle: String
    public var series: [Series]
    /// Plot size.
    public var width: Double = 420
    public var height: Double = 200

    /// A chart with every field given.
    public init(title: String, xTitle: String, yTitle: String, series: [Series]) {
        self.title = title
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.series = series
    }

    static let dashes = ["", "6 3", "2 3", "8 3 2 3"]

    /// The chart as SVG markup (needs the site stylesheet for colours).
    public func inlineSVG() throws -> String {
        let points = series.flatMap(\.points).filter { $0.x.isFinite && $0.y.isFinite }
        let xs = points.map(\.x)
        let ys = points.map(\.y) + [0]
        let x0 = xs.min() ?? 0
        let x1 = max(xs.max() ?? 1, x0 + 1e-9)
        let low = ys.min() ?? 0
        let high = ys.max() ?? 1
        let yScale = ChartScale(covering: max(abs(low), abs(high)), integers: false)
        let yMin = low < 0 ? -((abs(low) / yScale.step).rounded(.up) * yScale.step) : 0
        let yMax = high > 0 ? (high / yScale.step).rounded(.up) * yScale.step : 0
        let span = max(yMax - yMin, 1e-9)
        let left = 48.0
        let top = 8.0
        let legendTop = top + height + 34
        let total = legendTop + Double(series.count) * 16 + 4
        func px(_ x: Double) -> String { SVGNumber.fixed(left + (x - x0) / (x1 - x0) * width, decimals: 0) }
        func py(_ y: Double) -> String { SVGNumber.fixed(top + (yMax - y) / span * height, decimals: 0) }
        let w = MarkupWriter()
        w.start("svg")
        w.attribute("xmlns", SVG.namespace)
        let fullWidth = Int(left + width + 16)
        w.attribute("viewBox", "0 0 \(fullWidth) \(Int(total))")
        w.attribute("width", fullWidth)
        w.attribute("height", Int(total))
        w.attribute("class", "chart lines")
        w.attribute("role", "img")
        w.element("title", text: SVG.clean(title))
        w.start("g")
        w.attribute("class", "axis")
        var tick = yMin
        while tick <= yMax + yScale.step / 2 {
            w.start("path")
            w.attribute("d", "M\(Int(left) - 4) \(py(tick))H\(Int(left + width))")
            w.end()
            w.start("text")
            w.attribute("x", Int(left) - 6)
            w.attribute("y", py(tick))
            w.attribute("dy", "4")
            w.attribute("text-anchor", "end")
            w.text(yScale.label(tick))
            w.end()
            tick += yScale.step
        }
        for x in Array(Set(xs)).sorted() {
            w.start("text")
            w.attribute("x", px(x))
            w.attribute("y", Int(top + height + 14))
            w.attribute("text-anchor", "middle")
            w.text(SVGNumber.fixed(x, decimals: x == x.rounded() ? 0 : 1))
            w.end()
        }
        w.start("text")
        w.attribute("x", Int(left + width / 2))
        w.attribute("y", Int(top + height + 28))
        w.attribute("text-anchor", "middle")
        w.text(SVG.clean(xTitle))
        w.end()
        w.end()
        for (index, line) in series.enumerated() {
            let sorted = line.points.filter { $0.x.isFinite && $0.y.isFinite }.sorted { $0.x < $1.x }
            guard !sorted.isEmpty else { continue }
            w.start("g")
            w.attribute("class", "k\(index)")
            w.element("title", text: SVG.clean(line.name))
            w.start("path")
            w.attribute("fill", "none")
            let dash = Self.dashes[index % Self.dashes.count]
            if !dash.isEmpty { w.attribute("stroke-dasharray", dash) }
            w.attribute(
                "d", sorted.enumerated().map { ($0 == 0 ? "M" : "L") + px($1.x) + " " + py($1.y) }.joined())
            w.end()
            for point in sorted {
                w.start("circle")
                w.attribute("cx", px(point.x))
                w.attribute("cy", py(point.y))
                w.attribute("r", String(2 + index % 3))
                w.element(
                    "title",
                    text: "\(SVG.clean(line.name)): \(SVGNumber.fixed(point.x, decimals: 2)) → "
                        + SVGNumber.fixed(point.y, decimals: 3))
                w.end()
            }
            let y = legendTop + Double(index) * 16
            w.start("path")
            w.attribute("fill", "none")
            if !dash.isEmpty { w.attribute("stroke-dasharray", dash) }
            w.attribute("d", "M\(Int(left)) \(Int(y))H\(Int(left) + 24)")
            w.end()
            w.start("text")
            w.attribute("x", Int(left) + 30)
            w.attribute("y", Int(y) + 4)
            w.text(SVG.clean(line.name))
            w.end()
            w.end()
        }
        w.start("text")
        w.attribute("class", "axis-title")
        w.attribute("transform", "translate(12,\(Int(top + height / 2))) rotate(-90)")
        w.attribute("text-anchor", "middle")
        w.text(SVG.clean(yTitle))
        w.end()
        w.end()
        return try w.finish()
    }
}
