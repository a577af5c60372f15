import Foundation
import Mustache
import TestSupport
import Testing

@testable import FlowReport
@testable import SiteKit

/// The compiled templates against swift-mustache itself: the same bytes for the same template and context, on
/// whitespace corner cases (standalone tags, blanks before tags, sections closing mid-line, partials), every kind of
/// value, and every template of the package's `Templates/`; and the fallback for what is not compiled.
@Suite struct CompiledTemplateTests {
    static let context: [String: Any] = [
        "name": "a <b> & \"c\" 'd'", "count": 3, "flag": true, "off": false, "empty": [[String: Any]](),
        "html": HTMLFragment(html: "<i>x</i>"), "raw": "<u>y</u>", "number": 2.5,
        "rows": [["name": "r1", "n": 1], ["name": "r2"], ["n": 3]] as [[String: Any]],
        "words": ["w1", "w<2>"], "object": ["inner": "deep", "n": 0] as [String: Any], "blank": "",
    ]

    static let cases = [
        "plain text\n", "{{name}} {{{name}}} {{&name}} {{count}} {{flag}} {{number}} {{missing}}|",
        "{{#rows}}<{{name}}:{{n}}>{{/rows}}\n", "  {{#rows}}\n  - {{name}}\n  {{/rows}}\n  end\n",
        "{{#flag}}\nyes\n{{/flag}}\n{{^off}}\nno\n{{/off}}\n", "x {{#flag}} in {{/flag}} y\n",
        "{{#empty}}never{{/empty}}{{^empty}}none{{/empty}}\n", "{{#object}}{{inner}}/{{n}}/{{count}}{{/object}}\n",
        "{{#words}}[{{.}}]{{/words}}\n", "{{#html}}{{{html}}}{{html}}{{/html}}\n", "{{#blank}}b{{/blank}}|\n",
        "{{! a comment }}\n  {{! standalone }}\nafter {{! inline }} text\n", "{{% CONTENT_TYPE: HTML}}{{name}}\n",
        "{{% CONTENT_TYPE: HTML}}\n{{raw}}\n", "\t{{#flag}}  \nindented\n\t{{/flag}}\t\nnext", "a {{ name }} b{ c\n",
        "{{#rows}}{{#n}}{{n}}{{/n}}{{^n}}-{{/n}}{{/rows}}", "{{#flag}}\n{{> part}}\n{{/flag}}\n{{> part}} tail\n",
        "  {{^off}}\n    {{#rows}}{{name}}\n    {{/rows}}\n  {{/off}}\n", "{{#count}}{{count}}{{/count}}",
    ]

    func library(_ folder: TemporaryFolder, _ templates: [String: String]) throws -> TemplateLibrary {
        for (name, text) in templates { try folder.write(text, to: "t/\(name).mustache") }
        return try TemplateLibrary(directories: [folder.path + "/t"])
    }

    @Test func compiledTemplatesRenderTheEnginesBytes() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var templates = ["layout": "{{{body}}}", "part": "<p>{{name}}</p>\n"]
        for (i, text) in Self.cases.enumerated() { templates["case\(i)"] = text }
        let library = try library(folder, templates)
        #expect(library.compiled != nil)
        for i in Self.cases.indices {
            let fast = try library.render(Self.context, template: "case\(i)")
            let engine = try library.renderWithEngine(Self.context, template: "case\(i)")
            #expect(fast == engine, "case \(i): \(Self.cases[i].debugDescription)")
        }
    }

    @Test func everyPackageTemplateCompiles() throws {
        let library = try TemplateLibrary(directories: [PageRendererTests.templates])
        let compiled = try #require(library.compiled)
        #expect(Set(compiled.keys) == Set(library.templateFiles.keys))
    }

    @Test func templatesOutsideTheSubsetFallBackToTheEngine() throws {
        for text in [
            "{{=<% %>=}}<%name%>", "{{object.inner}}", "a\r\nb {{name}}", "  {{> part}}\n", "{{% CONTENT_TYPE: TEXT}}",
        ] {
            #expect(TemplateParser.compile(text) == nil, "\(text.debugDescription)")
        }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let library = try library(folder, ["layout": "{{{body}}}", "dotted": "{{object.inner}} {{name}}"])
        #expect(library.compiled == nil)
        #expect(
            try library.render(Self.context, template: "dotted") == "deep a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;")
    }
}
