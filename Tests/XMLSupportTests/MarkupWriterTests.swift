import Testing

@testable import XMLSupport

@Suite struct MarkupWriterTests {
    @Test func escapesUntrustedTextAndAttributesLikeADocument() throws {
        let hostile = XMLSupportTests.hostile
        let writer = MarkupWriter()
        writer.start("svg")
        writer.attribute("xmlns", XMLSupportTests.svgNamespace)
        writer.attribute("aria-label", hostile)
        writer.element("title", text: hostile)
        writer.start("path")
        writer.attribute("d", "M0 0H10")
        writer.end()
        writer.end()
        let text = try writer.finish()
        #expect(!text.contains("<script"))
        #expect(text.contains("&lt;script&gt;"))
        #expect(!text.contains("\u{1}") && !text.contains("\u{0}"))
        #expect(text.contains("<path d=\"M0 0H10\"/>"))

        let parsed = try #require(try MarkupDocument(parsingXML: text).root)
        let expected = hostile.replacingControls()
        #expect(parsed[attribute: "aria-label"] == expected)
        #expect(parsed.childElements.first?.textContent == expected)
        #expect(parsed.namespace == XMLSupportTests.svgNamespace)
    }

    @Test func htmlSyntaxClosesEmptyElementsAndAllowsSiblings() throws {
        let writer = MarkupWriter(syntax: .html)
        for label in ["a & b", ""] {
            writer.start("tr")
            writer.element("td", text: "1")
            writer.element("td", text: label)
            writer.end()
        }
        #expect(try writer.finish() == "<tr><td>1</td><td>a &amp; b</td></tr><tr><td>1</td><td></td></tr>")
        let page = HTMLDocument(parsing: "<table><tbody>\(try writer.finish())</tbody></table>")
        #expect(page.root?.elements(named: "td").count == 4)
    }

    @Test func impliedEndTagsAreLeftOutAndTheTreeIsTheSame() throws {
        let rows = MarkupWriter(syntax: .htmlImpliedEnds)
        for label in ["</td></tr><script>x</script>", ""] {
            rows.start("tr")
            rows.element("td", text: "1")
            rows.start("td")
            rows.attribute("title", "</li>")
            rows.text(label)
            rows.end()
            rows.end()
        }
        let text = try rows.finish()
        // Only the writer's own end tags go: escaped text and attribute values keep theirs, as text.
        #expect(
            text == "<tr><td>1<td title=\"&lt;/li&gt;\">&lt;/td&gt;&lt;/tr&gt;&lt;script&gt;x&lt;/script&gt;"
                + "<tr><td>1<td title=\"&lt;/li&gt;\">")
        let page = HTMLDocument(parsing: "<table><tbody>\(text)</tbody></table>")
        #expect(page.diagnostics.filter { !$0.isUnknownHTMLTag }.isEmpty)
        let parsed = try #require(page.root).elements(named: "tr")
        #expect(parsed.count == 2 && parsed.allSatisfy { $0.elements(named: "td").count == 2 })
        #expect(parsed.first?.elements(named: "td").last?.textContent == "</td></tr><script>x</script>")
        #expect(page.root?.elements(named: "script").isEmpty == true)

        let items = MarkupWriter(syntax: .htmlImpliedEnds)
        for _ in 0..<2 {
            items.start("li")
            items.element("a", text: "x")
            items.text(" (0.5)")
            items.end()
        }
        #expect(try items.finish() == "<li><a>x</a> (0.5)<li><a>x</a> (0.5)")

        // A sibling of another kind or text after an element without its end tag would change the tree: refused.
        let misuses: [(MarkupWriter) -> Void] = [{ $0.element("p", text: "x") }, { $0.text("x") }]
        for misuse in misuses {
            let w = MarkupWriter(syntax: .htmlImpliedEnds)
            w.start("ul")
            w.element("li", text: "a")
            misuse(w)
            w.end()
            #expect(throws: MarkupError.self) { try w.finish() }
        }
    }

    @Test func problemsAreThrownOnceAtTheEnd() {
        let badName = MarkupWriter()
        badName.start("g")
        badName.start("on click")
        badName.end()
        badName.end()
        #expect(throws: MarkupError.self) { try badName.finish() }

        // Outside every element libxml2 would write text unescaped: refused.
        let looseText = MarkupWriter()
        looseText.text("<script>")
        #expect(throws: MarkupError.self) { try looseText.finish() }

        let unbalanced = MarkupWriter()
        unbalanced.start("g")
        #expect(throws: MarkupError.self) { try unbalanced.finish() }
        unbalanced.end()
        unbalanced.end()
        #expect(throws: MarkupError.self) { try unbalanced.finish() }
    }

    @Test func sameCallsGiveSameBytes() throws {
        func write() throws -> String {
            let writer = MarkupWriter()
            writer.start("g")
            writer.attribute("class", "é – \"x\"")
            writer.attribute("width", 42)
            writer.element("text", text: "שלום 🧠")
            writer.end()
            return try writer.finish()
        }
        #expect(try write() == (try write()))
        #expect(try write().contains("width=\"42\""))
    }
}
