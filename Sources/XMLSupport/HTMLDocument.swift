import CXMLShim

/// An HTML page parsed by libxml2's HTML parser (no network): it always recovers, and lists what it had to fix.
public final class HTMLDocument {
    let handle: OpaquePointer?

    /// Every problem the parser reported, with line and column, in order (including unknown-tag reports for
    /// HTML5 elements; filter with `MarkupError.isUnknownHTMLTag`).
    public let diagnostics: [MarkupError]

    /// Parses `bytes` as UTF-8 HTML; `path` names the input in diagnostics.
    public init(parsing bytes: [UInt8], path: String? = nil) {
        let collector = MarkupDiagnostics()
        if bytes.isEmpty || bytes.count >= Int(Int32.max) {
            handle = nil
            diagnostics = [
                MarkupError(
                    path: path, message: bytes.isEmpty ? "the page is empty" : "the page is too large to parse",
                    reason: bytes.isEmpty ? .libxml : .tooLarge)
            ]
            return
        }
        handle = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                ffxml_parse_html(pointer, buffer.count, path ?? "input.html", collector.handle)
            }
        }
        var problems = collector.errors(path: path)
        if handle == nil && problems.isEmpty {
            problems.append(MarkupError(path: path, message: "the page could not be parsed", reason: .libxml))
        }
        diagnostics = problems
    }

    /// Parses HTML text (see `init(parsing:path:)`).
    public convenience init(parsing text: String, path: String? = nil) {
        self.init(parsing: Array(text.utf8), path: path)
    }

    deinit { if let handle { ffxml_doc_free(handle) } }

    /// The root element (`html`) as Swift values, or nil when nothing could be parsed.
    public var root: MarkupElement? {
        guard let handle, let node = ffxml_doc_root(handle) else { return nil }
        return MarkupDocument.element(from: node)
    }
}
