import CXMLShim

/// Writes markup straight to text without building a tree: elements are opened and closed in document order, and
/// libxml2 escapes every attribute value and text as it writes them (characters XML cannot carry become U+FFFD
/// first). The fast way to produce large, regular fragments such as a flow diagram or table rows, written thousands
/// of times per site; build a `MarkupElement` instead when the tree is to be inspected or pretty-printed.
///
/// Names are checked as `MarkupDocument` checks them; the first problem (a bad name, an unbalanced `end()`, a libxml2
/// failure) is thrown by `finish()`, and nothing is written after it.
public final class MarkupWriter {
    /// How an element without content is closed.
    public enum Syntax: Sendable {
        /// `<path/>`: XML, and SVG inlined in HTML.
        case xml
        /// `<td></td>`: HTML, where `<td/>` would not close the element.
        case html
    }

    private let handle: OpaquePointer?
    private let syntax: Syntax
    private var depth = 0
    private var problem: MarkupError?

    /// An empty writer closing empty elements the `syntax` way.
    public init(syntax: Syntax = .xml) {
        self.syntax = syntax
        handle = ffxml_writer_new()
        if handle == nil { problem = MarkupDocument.allocationError() }
    }

    deinit { if let handle { ffxml_writer_free(handle) } }

    /// Opens the element `name`; its attributes follow, then its content, then `end()`.
    public func start(_ name: String) {
        guard let handle = usable(name) else { return }
        if ffxml_writer_start(handle, name) == 0 { fail() }
        depth += 1
    }

    /// Adds an attribute to the element just opened (before any content).
    public func attribute(_ name: String, _ value: String) {
        guard let handle = usable(name) else { return }
        if ffxml_writer_attr(handle, name, MarkupSanitizer.sanitized(value)) == 0 { fail() }
    }

    /// Adds a whole-number attribute.
    public func attribute(_ name: String, _ value: Int) { attribute(name, String(value)) }

    /// Writes text into the open element (nothing for empty text). Text outside every element is refused: libxml2
    /// would write it without escaping.
    public func text(_ text: String) {
        guard problem == nil, let handle, !text.isEmpty else { return }
        guard depth > 0 else {
            problem = MarkupError(path: nil, message: "text outside an element", reason: .libxml)
            return
        }
        if ffxml_writer_text(handle, MarkupSanitizer.sanitized(text)) == 0 { fail() }
    }

    /// Closes the innermost open element.
    public func end() {
        guard problem == nil, let handle else { return }
        guard depth > 0 else {
            problem = MarkupError(path: nil, message: "end() without an open element", reason: .libxml)
            return
        }
        if ffxml_writer_end(handle, syntax == .html ? 1 : 0) == 0 { fail() }
        depth -= 1
    }

    /// An element holding only `text`.
    public func element(_ name: String, text: String) {
        start(name)
        self.text(text)
        end()
    }

    /// Everything written, as UTF-8 text. Throws the first problem met, or when elements are still open.
    public func finish() throws -> String {
        if let problem { throw problem }
        guard depth == 0 else {
            throw MarkupError(path: nil, message: "\(depth) element(s) left open", reason: .libxml)
        }
        var length = 0
        guard let handle, let bytes = ffxml_writer_content(handle, &length) else {
            throw MarkupError(path: nil, message: "libxml2 could not write the markup", reason: .libxml)
        }
        return bytes.withMemoryRebound(to: UInt8.self, capacity: length) { pointer in
            String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
        }
    }

    /// The handle when nothing has failed and `name` is a valid name (else records the problem).
    private func usable(_ name: String) -> OpaquePointer? {
        guard problem == nil, let handle else { return nil }
        do {
            try MarkupDocument.checkName(name)
        } catch {
            problem = error as? MarkupError
            return nil
        }
        return handle
    }

    private func fail() {
        if problem == nil { problem = MarkupError(path: nil, message: "libxml2 could not write", reason: .libxml) }
    }
}
