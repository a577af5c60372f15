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
        /// HTML without the end tags HTML implies (`</tr>`, `</td>`, `</th>`, `</li>`): for fragments of whole rows
        /// or list items placed where their parent ends right after them. Such an element may be followed only by
        /// its parent's end or a sibling of its own name (anything else is a problem), so the tree stays the same.
        case htmlImpliedEnds
    }

    /// Whether `htmlImpliedEnds` leaves out the end tag of `name`. The filter in `finish()` finds those end tags by
    /// their bytes alone: libxml2 escapes every `<` in text and attribute values.
    private static func hasImpliedEnd(_ name: String) -> Bool {
        switch name {
        case "tr", "td", "th", "li": return true
        default: return false
        }
    }

    private let handle: OpaquePointer?
    private let syntax: Syntax
    private var depth = 0
    private var problem: MarkupError?
    /// With `htmlImpliedEnds`: the open elements, and the element just closed without its end tag.
    private var open: [String] = []
    private var implied: String?

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
        if syntax == .htmlImpliedEnds {
            if let implied, implied != name { return refuse("<\(name)> after <\(implied)> without its end tag") }
            implied = nil
            open.append(name)
        }
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
        guard depth > 0 else { return refuse("text outside an element") }
        if let implied { return refuse("text after <\(implied)> without its end tag") }
        if ffxml_writer_text(handle, MarkupSanitizer.sanitized(text)) == 0 { fail() }
    }

    /// Closes the innermost open element.
    public func end() {
        guard problem == nil, let handle else { return }
        guard depth > 0 else { return refuse("end() without an open element") }
        if ffxml_writer_end(handle, syntax == .xml ? 0 : 1) == 0 { fail() }
        depth -= 1
        if syntax == .htmlImpliedEnds {
            let name = open.removeLast()
            implied = Self.hasImpliedEnd(name) ? name : nil
        }
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
            let written = UnsafeBufferPointer(start: pointer, count: length)
            guard syntax == .htmlImpliedEnds else { return String(decoding: written, as: UTF8.self) }
            return String(unsafeUninitializedCapacity: length) { Self.droppingImpliedEnds(written, into: $0) }
        }
    }

    /// Copies `markup` into `output` without the end tags `hasImpliedEnd` names (`</tr>`, `</td>`, `</th>`,
    /// `</li>`); returns the bytes written.
    private static func droppingImpliedEnds(
        _ markup: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>
    ) -> Int {
        let (lt, slash, gt) = (UInt8(ascii: "<"), UInt8(ascii: "/"), UInt8(ascii: ">"))
        let (t, d, r, h, l, i) = (
            UInt8(ascii: "t"), UInt8(ascii: "d"), UInt8(ascii: "r"), UInt8(ascii: "h"), UInt8(ascii: "l"),
            UInt8(ascii: "i")
        )
        var count = 0
        var index = 0
        while index < markup.count {
            if markup[index] == lt, index + 4 < markup.count, markup[index + 1] == slash, markup[index + 4] == gt {
                let (a, b) = (markup[index + 2], markup[index + 3])
                if (a == t && (b == d || b == r || b == h)) || (a == l && b == i) {
                    index += 5
                    continue
                }
            }
            output[count] = markup[index]
            count += 1
            index += 1
        }
        return count
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

    private func refuse(_ message: String) {
        if problem == nil { problem = MarkupError(path: nil, message: message, reason: .libxml) }
    }

    private func fail() {
        if problem == nil { problem = MarkupError(path: nil, message: "libxml2 could not write", reason: .libxml) }
    }
}
