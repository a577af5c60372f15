/// A Mustache template parsed into nodes that `TemplateRenderer` walks, for the subset of Mustache the site's
/// templates use: text, `{{x}}`, `{{{x}}}`/`{{&x}}`, sections, inverted sections, partials, comments and the
/// `{{% CONTENT_TYPE: HTML}}` pragma. Whitespace follows swift-mustache's parser exactly (standalone tags remove their
/// line; see `TemplateParser`), so both engines give the same bytes. Anything outside the subset (set delimiters,
/// transforms, dotted names, inheritance, indented standalone partials, CR and other line breaks) is not compiled:
/// `TemplateLibrary` then renders with swift-mustache.
struct CompiledTemplate: Sendable {
    /// One piece of a template.
    indirect enum Node: Sendable {
        /// Literal text, as UTF-8.
        case text([UInt8])
        /// `{{name}}`, HTML-escaped.
        case variable(String)
        /// `{{{name}}}` or `{{&name}}`, as it is.
        case unescaped(String)
        /// `{{#name}}…{{/name}}`.
        case section(String, [Node])
        /// `{{^name}}…{{/name}}`.
        case inverted(String, [Node])
        /// `{{> name}}`.
        case partial(String)
    }

    /// The template's nodes.
    let nodes: [Node]

    /// Every tag name used, with the section names enclosing it (outermost first) — for checking templates against
    /// their models.
    func tags() -> [(name: String, kind: TagKind, sections: [String])] {
        var result: [(String, TagKind, [String])] = []
        func walk(_ nodes: [Node], _ path: [String]) {
            for node in nodes {
                switch node {
                case .text: break
                case .variable(let name): result.append((name, .variable, path))
                case .unescaped(let name): result.append((name, .unescaped, path))
                case .section(let name, let body):
                    result.append((name, .section, path))
                    walk(body, path + [name])
                case .inverted(let name, let body):
                    result.append((name, .inverted, path))
                    walk(body, path)
                case .partial(let name): result.append((name, .partial, path))
                }
            }
        }
        walk(nodes, [])
        return result
    }

    /// The kind of a tag.
    enum TagKind: Sendable, Equatable {
        case variable, unescaped, section, inverted, partial
    }
}
