import Foundation
import Testing
import XMLSupport

@testable import FeatureFlowCLI
@testable import FlowReport

/// Every page of the demo site carries one strict Content-Security-Policy (only the site's own files; no
/// `unsafe-inline`, no `unsafe-eval`, nothing remote) ahead of anything it governs, and nothing in the pages
/// needs an exception: no inline event handler, no inline script, no inline style.
@Suite struct ContentSecurityPolicyTests {
    /// Directive → sources of a policy string.
    func directives(_ policy: String) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for part in policy.split(separator: ";") {
            let words = part.split(whereSeparator: \.isWhitespace).map { String($0).lowercased() }
            if let name = words.first { result[name] = Array(words.dropFirst()) }
        }
        return result
    }

    @Test func everyPageHasAStrictPolicyAndNothingInline() throws {
        let demo = try DemoSite.shared.get()
        let pages = try DemoSite.files(in: demo.site).filter { $0.key.hasSuffix(".html") }
        #expect(pages.count > 20)
        var policies = Set<String>()
        for (path, data) in pages.sorted(by: { $0.key < $1.key }) {
            let root = try #require(HTMLDocument(parsing: [UInt8](data), path: path).root, "\(path)")
            var metas: [String] = []
            var governedBeforePolicy: [String] = []
            var problems: [String] = []
            root.forEachElement { element in
                let name = element.name.lowercased()
                if name == "meta", element[attribute: "http-equiv"]?.lowercased() == "content-security-policy" {
                    metas.append(element[attribute: "content"] ?? "")
                }
                if metas.isEmpty, ["script", "link", "style", "img", "svg", "iframe", "object"].contains(name) {
                    governedBeforePolicy.append(name)
                }
                for attribute in element.attributes {
                    let attributeName = attribute.name.lowercased()
                    if attributeName.hasPrefix("on") { problems.append("\(attributeName)= on <\(name)>") }
                    if attributeName == "style" { problems.append("style= on <\(name)>") }
                    if ["href", "src", "action", "formaction", "xlink:href"].contains(attributeName),
                        attribute.value.trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("javascript:")
                    {
                        problems.append("javascript: URL in \(attributeName) on <\(name)>")
                    }
                }
                switch name {
                case "script":
                    let source = element[attribute: "src"] ?? ""
                    if source.isEmpty || !element.textContent.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                        problems.append("inline <script>")
                    }
                    if source.contains(":") || source.hasPrefix("//") { problems.append("script from \(source)") }
                case "style": problems.append("inline <style>")
                case "link" where element[attribute: "href"].map { $0.contains(":") || $0.hasPrefix("//") } == true:
                    problems.append("link to \(element[attribute: "href"] ?? "")")
                case "iframe", "object", "embed", "base": problems.append("<\(name)>")
                default: break
                }
            }
            #expect(metas.count == 1, "\(path): \(metas.count) CSP <meta> elements")
            #expect(governedBeforePolicy.isEmpty, "\(path): \(governedBeforePolicy) before the CSP <meta>")
            #expect(problems.isEmpty, "\(path): \(problems)")
            policies.formUnion(metas)
        }
        #expect(policies.count == 1, "the pages disagree on the policy: \(policies)")
        let policy = directives(try #require(policies.first))
        #expect(policy["default-src"] == ["'none'"])
        #expect(policy["script-src"] == ["'self'"])
        #expect(policy["style-src"] == ["'self'"])
        // Fetch directives left out fall back to default-src; base-uri and form-action have no fallback.
        for name in ["connect-src", "object-src", "frame-src", "font-src", "media-src"] {
            #expect((policy[name] ?? policy["default-src"]) == ["'none'"], "\(name)")
        }
        for name in ["base-uri", "form-action"] {
            #expect(policy[name] == ["'none'"], "\(name)")
        }
        for (name, sources) in policy {
            for source in sources {
                #expect(!source.hasPrefix("'unsafe-") && source != "'strict-dynamic'", "\(name) \(source)")
                #expect(
                    !source.contains("*") && !source.contains("http") && !source.contains("//"), "\(name) \(source)")
                #expect(source != "data:" || name == "img-src", "\(name) allows data:")
            }
        }
    }

    @Test func scriptsNeedNoEval() throws {
        let demo = try DemoSite.shared.get()
        let scripts = try DemoSite.files(in: demo.site).filter { $0.key.hasSuffix(".js") }
        #expect(!scripts.isEmpty)
        for (path, data) in scripts {
            let text = String(decoding: data, as: UTF8.self)
            for forbidden in [
                "eval(", "new Function(", "setTimeout(\"", "setInterval(\"", ".innerHTML", "document.write(",
            ] {
                #expect(!text.contains(forbidden), "\(path) uses \(forbidden)")
            }
        }
    }
}
