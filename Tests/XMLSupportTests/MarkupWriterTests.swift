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
