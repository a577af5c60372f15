import Testing
import XMLSupport

@testable import FlowReport
@testable import SiteKit

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
        #expect(svg.childElements.first?.textContent.contains("24/res/1024") == true)
        #expect(svg[attribute: "viewBox"]?.hasPrefix("0 0 ") == true)
        #expect(svg.childElements.first?.name == "title")

        let links = svg.elements(named: "a")
        let linked = diagram.nodes.filter { $0.href != nil }
        #expect(links.count == linked.count)
        #expect(links.allSatisfy { $0.childElements.first?.name == "title" })
        let seeds = svg.forEachCollect { $0[attribute: "class"]?.split(separator: " ").contains("seed") == true }
        #expect(seeds.count == 1)
        #expect(seeds.first?.elements(named: "circle").contains { $0[attribute: "class"] == "seed-ring" } == true)

        // One path per drawable edge, weak ones in a group whose class makes them dashed.
        let edgeLayer = try #require(svg.forEachCollect { $0[attribute: "class"] == "flow-edges" }.first)
        #expect(edgeLayer[attribute: "marker-end"] == "url(#flow-arrow)")
        #expect(edgeLayer.elements(named: "path").count == diagram.edges.count)
        let weakPaths = edgeLayer.childElements
            .filter { $0[attribute: "class"]?.split(separator: " ").contains("weak") == true }
            .flatMap { $0.elements(named: "path") }
        #expect(weakPaths.count == diagram.edges.filter(\.weak).count)
        #expect(weakPaths.allSatisfy { $0[attribute: "stroke-dasharray"] == nil })
        let standalone = FlowDiagramRenderer().svg(diagram)
        let standaloneWeak = standalone.forEachCollect { $0[attribute: "class"] == "edge weak" }
        #expect(standaloneWeak.allSatisfy { $0.elements(named: "line").first?[attribute: "stroke-dasharray"] == "5 4" })
        #expect(standalone.elements(named: "circle").contains { $0[attribute: "fill"] == "#0072B2" })
        #expect(!svg.forEachCollect { $0[attribute: "fill"]?.hasPrefix("#") == true }.contains { _ in true })
        let labels = svg.forEachCollect { $0[attribute: "class"] == "edge-labels" }
            .flatMap { $0.elements(named: "text") }.map(\.textContent)
        #expect(labels.count == diagram.edges.count)
        #expect(labels.contains("0.74"))  // 0.5 + 24/100
        #expect(labels.allSatisfy { $0.count == 4 })

        // Lanes: attention above residual above MLP.
        func y(_ id: String) -> Double? {
            let node = svg.forEachCollect { ["a", "g"].contains($0.name) && $0[attribute: "transform"] != nil }
                .first { $0.childElements.first?.textContent.hasPrefix(id + " ") == true }
            guard let transform = node?[attribute: "transform"], let comma = transform.firstIndex(of: ",") else {
                return nil
            }
            return Double(transform[transform.index(after: comma)...].dropLast())
        }
        let att = try #require(y("1/att/71"))
        let res = try #require(y("1/res/1001"))
        let mlp = try #require(y("3/mlp/53"))
        #expect(att < res && res < mlp)
    }

    @Test func inlineDiagramIsCompact() throws {
        let diagram = SVGFixtures.paperLikeDiagram()
        let renderer = FlowDiagramRenderer()
        let inline = try renderer.inlineSVG(diagram)
        let compacted = try SVGCompactor.inline(renderer.svg(diagram)).fragmentString()  // the previous inline form
        #expect(Double(inline.utf8.count) < 0.6 * Double(compacted.utf8.count))  // 13.5 KB instead of 24.4 KB
        #expect(inline.utf8.count < 14_000)
        // Coordinates are whole numbers outside <defs>.
        let svg = try parsed(inline)
        let numbers = svg.childElements.filter { $0.name != "defs" }.flatMap { element in
            element.forEachCollect { _ in true }.flatMap { inner in
                ["x", "y", "width", "height"].compactMap { inner[attribute: $0] }
            }
        }
        #expect(!numbers.isEmpty && numbers.allSatisfy { Int($0) != nil })
    }

    @Test func glyphsAreSharedAndIdsFollowThePrefix() throws {
        var renderer = FlowDiagramRenderer()
        renderer.idPrefix = "f2"
        let svg = try parsed(try renderer.inlineSVG(SVGFixtures.paperLikeDiagram()))
        let ids = svg.forEachCollect { $0[attribute: "id"] != nil }.compactMap { $0[attribute: "id"] }
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.hasPrefix("f2-") })
        let uses = svg.elements(named: "use").compactMap { $0[attribute: "href"] }
        #expect(uses.count == SVGFixtures.paperLikeDiagram().nodes.count)  // the legend is the page's, in HTML
        #expect(uses.allSatisfy { $0.hasPrefix("#") && ids.contains(String($0.dropFirst())) })
        // Every class glyph carries its colour class, so the stylesheet themes the clones.
        let glyphs = try #require(svg.elements(named: "defs").first).childElements.filter { $0.name != "marker" }
        #expect(
            Set(glyphs.compactMap { $0[attribute: "class"] }) == Set(FlowNodeClass.allCases.map(\.cssClass)))
    }

    @Test func diagramLinksStayReachableByScreenReaders() throws {
        let diagram = SVGFixtures.paperLikeDiagram()
        for markup in [
            try FlowDiagramRenderer().inlineSVG(diagram), try FlowDiagramRenderer().svg(diagram).fragmentString(),
        ] {
            let svg = try parsed(markup)
            // role="img" would make every descendant presentational, hiding the links. The group is named by its
            // <title> (the standalone file also by aria-label).
            #expect(svg[attribute: "role"] == "group")
            #expect(svg.childElements.first?.name == "title" && svg.childElements.first?.textContent.isEmpty == false)
            #expect(
                svg.forEachCollect { $0[attribute: "role"] == "img" || $0[attribute: "aria-hidden"] != nil }.isEmpty)
            let links = svg.elements(named: "a")
            #expect(!links.isEmpty)
            for link in links {
                let title = link.childElements.first
                #expect(title?.name == "title")
                #expect(title?.textContent.contains(" — ") == true)
            }
        }
        let seedTitle = try parsed(try FlowDiagramRenderer().inlineSVG(diagram)).elements(named: "title")
            .map(\.textContent).first { $0.hasPrefix("24/res/1024 ") }
        #expect(seedTitle?.hasSuffix("— translated (seed)") == true)
    }

    @Test func untrustedLabelIsEscapedAndReadBackLiterally() throws {
        var diagram = SVGFixtures.paperLikeDiagram()
        diagram.title = SVGFixtures.hostileLabel
        let text = try FlowDiagramRenderer().inlineSVG(diagram)
        #expect(!text.contains("<script"))
        #expect(text.contains("&lt;script&gt;"))
        #expect(!text.contains("\u{7}"))
        let svg = try parsed(text)
        // The diagram's name (its <title>) in full; a node's label cut short under it.
        let expected = "<script>alert('x')</script> \"quoted\" & more 🧠 שלום"
        #expect(svg.childElements.first?.textContent.contains(expected) == true)
        let drawn = svg.elements(named: "text").map(\.textContent)
        #expect(drawn.contains(SVG.truncated(SVGFixtures.hostileLabel, limit: FlowDiagramRenderer().labelLimit)))
        // The standalone rendering carries the whole label in the node's title.
        let standalone = try parsed(try FlowDiagramRenderer().svg(diagram).xmlString())
        #expect(standalone.elements(named: "title").map(\.textContent).contains { $0.contains(expected) })
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
        let nodes = try #require(svg.forEachCollect { $0[attribute: "class"] == "flow-nodes" }.first)
        #expect(nodes.childElements.count == 1)
        #expect(
            svg.forEachCollect { $0[attribute: "class"] == "flow-edges" }.first?.elements(named: "path").isEmpty == true
        )
    }

    @Test func classBarsHaveSegmentsPatternsAndLegend() throws {
        let chart = SVGFixtures.classChart()
        let svg = try parsed(try ClassBarChartRenderer().inlineSVG(chart))
        #expect(svg[attribute: "role"] == "group")  // its bars link to the layer pages
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

    @Test func cleaningMatchesTheCharacterLevelSplit() {
        let samples = [
            "plain label", " lead", "trail ", "two  spaces", "tab\there", "line\nbreak", "nbsp\u{A0}x", "em\u{2003}x",
            "ideo\u{3000}x", "dash — fine", "עברית מרחב", "", " ", "🧠 brain", "\u{85}next", "ogham\u{1680}x",
            "en\u{2000}x\u{200A}y", "line\u{2028}para\u{2029}", "narrow\u{202F}x", "math\u{205F}x", "© → x ∞",
            "zero\u{200B}width", "end\u{A0}", "東京 x",
        ]
        for text in samples {
            #expect(SVG.clean(text) == text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " "))
        }
        #expect(SVG.truncated("abcdefghijklmnopq", limit: 5) == "abcd…")
        #expect(SVG.truncated("🧠🧠🧠", limit: 3) == "🧠🧠🧠")
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
