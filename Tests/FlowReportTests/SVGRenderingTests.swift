import Testing
import XMLSupport

@testable import FlowReport

@Suite struct SVGRenderingTests {
    func parsed(_ text: String) throws -> MarkupElement {
        try #require(try MarkupDocument(parsingXML: text).root)
    }

    @Test func flowDiagramStructure() throws {
        let diagram = SVGFixtures.paperLikeDiagram()
        let text = try FlowDiagramRenderer().inlineSVG(diagram)
        let svg = try parsed(text)
        #expect(svg.name == "svg")
        #expect(svg.namespace == "http://www.w3.org/2000/svg")
        #expect(svg[attribute: "role"] == "img")
        #expect(svg[attribute: "aria-label"]?.contains("24/res/1024") == true)
        #expect(svg[attribute: "viewBox"]?.hasPrefix("0 0 ") == true)

        let links = svg.elements(named: "a")
        let linked = diagram.nodes.filter { $0.href != nil }
        #expect(links.count == linked.count)
        #expect(links.allSatisfy { $0.childElements.first?.name == "title" })
        let seeds = svg.forEachCollect { $0[attribute: "class"]?.split(separator: " ").contains("seed") == true }
        #expect(seeds.count == 1)
        #expect(seeds.first?.elements(named: "circle").contains { $0[attribute: "class"] == "seed-ring" } == true)

        let edgeGroups = svg.forEachCollect { $0[attribute: "class"]?.hasPrefix("edge") == true && $0.name == "g" }
        #expect(edgeGroups.count == diagram.edges.count)
        let weak = edgeGroups.filter { $0[attribute: "class"] == "edge weak" }
        #expect(weak.count == diagram.edges.filter(\.weak).count)
        // Inline SVG leaves dashes and colours to the stylesheet; the standalone one carries them itself.
        #expect(weak.allSatisfy { $0.elements(named: "line").first?[attribute: "stroke-dasharray"] == nil })
        let standalone = FlowDiagramRenderer().svg(diagram)
        let standaloneWeak = standalone.forEachCollect { $0[attribute: "class"] == "edge weak" }
        #expect(standaloneWeak.allSatisfy { $0.elements(named: "line").first?[attribute: "stroke-dasharray"] == "5 4" })
        #expect(standalone.elements(named: "circle").contains { $0[attribute: "fill"] == "#0072B2" })
        #expect(!svg.elements(named: "circle").contains { $0[attribute: "fill"] == "#0072B2" })
        #expect(text.utf8.count < 30_000)
        let labels = svg.forEachCollect { $0[attribute: "class"] == "edge-label" }.map(\.textContent)
        #expect(labels.contains("0.74"))  // 0.5 + 24/100
        #expect(labels.allSatisfy { $0.count == 4 })

        // Lanes: attention above residual above MLP.
        func y(_ id: String) -> Double? {
            svg.forEachCollect { $0[attribute: "class"]?.hasPrefix("node ") == true }
                .first { $0.childElements.first?.textContent.hasPrefix(id + " ") == true }
                .flatMap { $0.childElements.first { ["circle", "polygon", "rect"].contains($0.name) } }
                .flatMap { $0[attribute: "cy"] ?? $0[attribute: "y"] }.flatMap(Double.init)
        }
        let att = try #require(y("1/att/71"))
        let res = try #require(y("1/res/1001"))
        let mlp = try #require(y("3/mlp/53"))
        #expect(att < res && res < mlp)
    }

    @Test func untrustedLabelIsEscapedAndReadBackLiterally() throws {
        let text = try FlowDiagramRenderer().inlineSVG(SVGFixtures.paperLikeDiagram())
        #expect(!text.contains("<script"))
        #expect(text.contains("&lt;script&gt;"))
        let svg = try parsed(text)
        let titles = svg.elements(named: "title").map(\.textContent)
        #expect(titles.contains { $0.contains("<script>alert('x')</script> \"quoted\" & more 🧠 שלום") })
        #expect(!text.contains("\u{7}"))
        // Also safe inside an HTML page: libxml2's HTML parser finds no script element.
        let page = HTMLDocument(parsing: "<!DOCTYPE html><html><body>\(text)</body></html>")
        #expect(page.root?.elements(named: "script").isEmpty == true)
    }

    @Test func javascriptHrefsAreNotLinked() throws {
        let diagram = FlowDiagram(
            title: "x", firstLayer: 0, lastLayer: 0,
            nodes: [
                FlowDiagramNode(
                    id: "0/res/1", layer: 0, lane: .residual, nodeClass: .translated, href: " JavaScript:alert(1)")
            ],
            edges: [])
        let svg = try parsed(try FlowDiagramRenderer().inlineSVG(diagram))
        #expect(svg.elements(named: "a").isEmpty)
    }

    @Test func renderingIsDeterministic() throws {
        let renderer = FlowDiagramRenderer()
        let diagram = SVGFixtures.paperLikeDiagram(layers: 32)
        #expect(try renderer.inlineSVG(diagram) == (try renderer.inlineSVG(diagram)))
        let chart = SVGFixtures.classChart()
        #expect(try ClassBarChartRenderer().inlineSVG(chart) == (try ClassBarChartRenderer().inlineSVG(chart)))
    }

    @Test func wideDiagramsScaleWithTheirLayers() throws {
        let svg26 = FlowDiagramRenderer().svg(SVGFixtures.paperLikeDiagram(layers: 26))
        let svg32 = FlowDiagramRenderer().svg(SVGFixtures.paperLikeDiagram(layers: 32))
        let width26 = try #require(svg26[attribute: "width"].flatMap(Double.init))
        let width32 = try #require(svg32[attribute: "width"].flatMap(Double.init))
        #expect(width32 - width26 == 600)
        #expect(svg32.elements(named: "text").filter { $0[attribute: "class"] == "column-title" }.count == 32)
    }

    @Test func emptyAndOddDiagramsDoNotCrash() throws {
        let empty = FlowDiagram(title: "", firstLayer: 5, lastLayer: 3, nodes: [], edges: [])
        _ = try parsed(try FlowDiagramRenderer().inlineSVG(empty))
        let dangling = FlowDiagram(
            title: "d", firstLayer: 0, lastLayer: 1,
            nodes: [
                FlowDiagramNode(id: "0/res/1", layer: 0, lane: .residual, nodeClass: .translated),
                FlowDiagramNode(id: "0/res/1", layer: 0, lane: .residual, nodeClass: .translated),
                FlowDiagramNode(id: "9/res/1", layer: 9, lane: .residual, nodeClass: .translated),
            ],
            edges: [FlowDiagramEdge(from: "0/res/1", to: "nowhere", cosine: .nan)])
        let svg = try parsed(try FlowDiagramRenderer().inlineSVG(dangling))
        #expect(svg.forEachCollect { $0[attribute: "class"]?.hasPrefix("node ") == true }.count == 1)
    }

    @Test func classBarsHaveSegmentsPatternsAndLegend() throws {
        let chart = SVGFixtures.classChart()
        let svg = try parsed(try ClassBarChartRenderer().inlineSVG(chart))
        #expect(svg[attribute: "role"] == "img")
        #expect(svg.elements(named: "pattern").count == FlowNodeClass.allCases.count)
        let bars = svg.elements(named: "a")
        #expect(bars.count == 26)
        #expect(bars.first?[attribute: "href"] == "layers/0.html")
        let segments = svg.forEachCollect { $0[attribute: "class"]?.hasPrefix("segment ") == true }
        #expect(segments.count == 26 * 6 - 2)  // layer 0 has no unexplained and no MLP-born features
        #expect(segments.allSatisfy { $0[attribute: "fill"]?.hasPrefix("url(#classbars-pat-") == true })
        #expect(svg.elements(named: "rect").filter { $0[attribute: "class"] == "swatch" }.count == 6)

        var normalized = chart
        normalized.normalized = true
        let shares = try parsed(try ClassBarChartRenderer().inlineSVG(normalized))
        #expect(shares.elements(named: "text").contains { $0.textContent == "100%" })
    }

    @Test func histogramsAndBarCharts() throws {
        let grid = HistogramGrid(
            title: "Scores",
            panels: (0..<6).map { HistogramPanel(title: "L\($0) s(R)", bins: [0, 3, 9, 4, 1], threshold: 0.25) },
            columns: 3)
        let svg = try parsed(try HistogramGridRenderer().inlineSVG(grid))
        #expect(svg.forEachCollect { $0[attribute: "class"] == "panel" }.count == 6)
        #expect(svg.forEachCollect { $0[attribute: "class"] == "hist-bar" }.count == 24)
        #expect(svg.forEachCollect { $0[attribute: "class"] == "threshold" }.count == 6)

        let births = BarChart(
            title: "Births per layer", xLabel: "layer", yLabel: "features",
            bars: (0..<12).map {
                BarChartBar(label: "\($0)", value: Double($0 * 3), nodeClass: $0 == 0 ? .newbornMLP : nil)
            })
        let bars = try parsed(try BarChartRenderer().inlineSVG(births))
        #expect(bars.forEachCollect { $0[attribute: "class"] == "bar" }.count == 12)
        #expect(bars.elements(named: "pattern").count == FlowNodeClass.allCases.count)
    }

    @Test func numberFormattingIsFixed() {
        #expect(SVGNumber.fixed(0.745, decimals: 2) == "0.75" || SVGNumber.fixed(0.745, decimals: 2) == "0.74")
        #expect(SVGNumber.fixed(-0.001, decimals: 2) == "0.00")
        #expect(SVGNumber.fixed(1, decimals: 2) == "1.00")
        #expect(SVGNumber.fixed(-1.5, decimals: 1) == "-1.5")
        #expect(SVGNumber.fixed(.nan, decimals: 2) == "n/a")
        #expect(SVGNumber.coordinate(12.0) == "12")
        #expect(SVGNumber.coordinate(12.25) == "12.3" || SVGNumber.coordinate(12.25) == "12.2")
        #expect(ChartScale(covering: 137, integers: true).maximum == 150)
        #expect(ChartScale(covering: 0, integers: true).maximum >= 1)
    }
}

extension MarkupElement {
    /// Every element (this one included) for which `predicate` holds.
    func forEachCollect(_ predicate: (MarkupElement) -> Bool) -> [MarkupElement] {
        var found: [MarkupElement] = []
        forEachElement { if predicate($0) { found.append($0) } }
        return found
    }
}
