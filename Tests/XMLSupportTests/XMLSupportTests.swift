import Testing

@testable import XMLSupport

@Suite struct XMLSupportTests {
    static let svgNamespace = "http://www.w3.org/2000/svg"
    static let hostile = "<script>alert(\"x\")</script> & 'q' 🧠 עברית مرحبا \u{1}\u{0}end"

    @Test func reportsLibxmlVersion() {
        #expect(XMLSupport.libxmlVersion.hasPrefix("2."))
    }

    @Test func escapesUntrustedTextAndAttributes() throws {
        var root = MarkupElement("svg", ["aria-label": Self.hostile], namespace: Self.svgNamespace)
        root.append(MarkupElement("title", children: [.text(Self.hostile)]))
        let text = try root.fragmentString()
        #expect(!text.contains("<script"))
        #expect(text.contains("&lt;script&gt;"))
        #expect(text.contains("&amp;"))
        #expect(text.contains("&quot;x&quot;"))
        #expect(text.contains("🧠"))
        #expect(text.contains("עברית"))
        #expect(!text.contains("\u{1}"))
        #expect(!text.contains("\u{0}"))
        #expect(text.contains("\u{FFFD}\u{FFFD}end"))
        #expect(!text.hasPrefix("<?xml"))
        #expect(text.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))

        // Parse it back: the reader sees the label literally (controls replaced).
        let parsed = try #require(try MarkupDocument(parsingXML: text).root)
        let expected = Self.hostile.replacingControls()
        #expect(parsed[attribute: "aria-label"] == expected)
        #expect(parsed.childElements.first?.textContent == expected)
        #expect(parsed.namespace == Self.svgNamespace)
        #expect(parsed.childElements.first?.namespace == Self.svgNamespace)
    }

    @Test func roundTripIsStableAndDeterministic() throws {
        var root = MarkupElement("svg", ["viewBox": "0 0 10 10", "role": "img"], namespace: Self.svgNamespace)
        var group = MarkupElement("g", ["class": "node"])
        group.append(MarkupElement("circle", ["cx": "5", "cy": "5", "r": "2"]))
        group.append(text: "x < y")
        root.append(group)
        root.children.append(.comment(" a comment "))
        let first = try root.xmlString()
        let second = try root.xmlString()
        #expect(first == second)
        #expect(first.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"))
        let reparsed = try #require(try MarkupDocument(parsingXML: first).root)
        #expect(try reparsed.xmlString() == first)
        #expect(reparsed.elements(named: "circle").first?[attribute: "r"] == "2")
        #expect(reparsed.elements(named: "circle").first?.line == 2)
    }

    @Test func rejectsInvalidNamesAndComments() {
        #expect(throws: MarkupError.self) { try MarkupElement("bad name").xmlString() }
        #expect(throws: MarkupError.self) { try MarkupElement("a", ["on click": "x"]).xmlString() }
        #expect(throws: MarkupError.self) {
            try MarkupElement("a", children: [.comment("x -- y")]).xmlString()
        }
    }

    @Test func fastPathsAgreeWithLibxml() {
        // Plain ASCII names are checked in Swift; the answer must be libxml2's.
        for name in [
            "svg", "xlink:href", "data-x", "_a.b-c", "a1", "1a", "-a", ".a", ":a", "a:", "a:b:c", "a b", "é", "",
        ] {
            #expect(!MarkupDocument.isPlainName(name) || ffxmlValid(name), "\(name)")
            #expect(MarkupDocument.isPlainName(name) == ["svg", "xlink:href", "data-x", "_a.b-c", "a1"].contains(name))
        }
        // The byte scan never misses a forbidden scalar.
        for text in ["plain", "tab\tok", "\u{1}", "\u{7F}", "\u{85}", "\u{FFFE}", "\u{FFFF}", "é ü", "\u{EFFF}"] {
            let forbidden = text.unicodeScalars.contains(where: MarkupSanitizer.isForbidden)
            #expect(!forbidden || MarkupSanitizer.mayContainForbidden(text), "\(text.unicodeScalars.map(\.value))")
        }
        #expect(!MarkupSanitizer.mayContainForbidden("plain ASCII and עברית"))
    }

    func ffxmlValid(_ name: String) -> Bool {
        (try? MarkupElement(name).xmlString()) != nil
    }

    @Test func xmlParseErrorHasLineAndColumn() {
        let text = "<svg>\n  <g>\n  </svg>\n"
        do {
            _ = try MarkupDocument(parsingXML: text, path: "bad.svg")
            Issue.record("expected an error")
        } catch let error as MarkupError {
            #expect(error.path == "bad.svg")
            #expect(error.line == 3)
            #expect(error.column != nil)
            #expect(error.description.hasPrefix("bad.svg:3:"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func xmlEntitiesAreNotExpandedAndNetworkIsOff() throws {
        let text = """
            <?xml version="1.0"?>
            <!DOCTYPE r [<!ENTITY a "AAAAAAAAAA"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
            <r x="&b;">&b;</r>
            """
        let root = try #require(try MarkupDocument(parsingXML: text).root)
        #expect(root[attribute: "x"] == "&b;")
        #expect(root.textContent.isEmpty)

        let external = """
            <?xml version="1.0"?>
            <!DOCTYPE r [<!ENTITY e SYSTEM "http://127.0.0.1:9/x">]>
            <r>&e;</r>
            """
        let other = try #require(try MarkupDocument(parsingXML: external).root)
        #expect(other.textContent.isEmpty)
    }

    @Test func htmlParserRecoversAndReportsLineAndColumn() throws {
        let page = """
            <!DOCTYPE html>
            <html><head><title>t</title></head>
            <body>
            <nav><a href="a.html">A</a></nav>
            <p>fine &amp; dandy</p>
            <p><b>bad</i></p>
            </body></html>
            """
        let document = HTMLDocument(parsing: page, path: "p.html")
        let problems = document.diagnostics.filter { !$0.isUnknownHTMLTag }
        #expect(document.diagnostics.contains { $0.isUnknownHTMLTag })  // <nav> is unknown to HTML 4
        let problem = try #require(problems.first)
        #expect(problem.line == 6)
        #expect(problem.column != nil)
        #expect(problem.path == "p.html")
        let root = try #require(document.root)
        #expect(root.elements(named: "a").first?[attribute: "href"] == "a.html")
        #expect(root.elements(named: "a").first?.line == 4)
        #expect(root.elements(named: "p").first?.textContent == "fine & dandy")
    }

    @Test func inlineSVGSurvivesTheHTMLParser() throws {
        var svg = MarkupElement("svg", ["viewBox": "0 0 4 4", "role": "img"], namespace: Self.svgNamespace)
        var link = MarkupElement("a", ["href": "x.html"])
        link.append(MarkupElement("title", children: [.text("L & <b>")]))
        link.append(MarkupElement("circle", ["r": "1"]))
        svg.append(link)
        svg.append(MarkupElement("rect", ["width": "1"]))
        let page =
            "<!DOCTYPE html><html><head><title>t</title></head><body><p>x</p>"
            + (try svg.fragmentString()) + "<p id=\"after\">y</p></body></html>"
        let document = HTMLDocument(parsing: page)
        #expect(document.diagnostics.allSatisfy { $0.isUnknownHTMLTag })
        let root = try #require(document.root)
        let svgElement = try #require(root.elements(named: "svg").first)
        #expect(svgElement.elements(named: "circle").count == 1)
        #expect(svgElement.elements(named: "rect").count == 1)
        #expect(svgElement.elements(named: "title").first?.textContent == "L & <b>")
        #expect(root.elements(named: "p").last?[attribute: "id"] == "after")
    }

    @Test func emptyHTMLIsADiagnosticNotACrash() {
        let document = HTMLDocument(parsing: [UInt8]())
        #expect(document.root == nil)
        #expect(document.diagnostics.count == 1)
    }
}

extension String {
    func replacingControls() -> String {
        String(String.UnicodeScalarView(unicodeScalars.map { MarkupSanitizer.isForbidden($0) ? "\u{FFFD}" : $0 }))
    }
}
