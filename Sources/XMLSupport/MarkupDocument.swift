import CXMLShim

/// A libxml2 document, built from a `MarkupElement` or parsed from XML bytes; freed when released.
public final class MarkupDocument {
    /// libxml2's error code for an element its HTML parser does not know.
    static let unknownTagCode = Int(ffxml_code_html_unknown_tag())

    let handle: OpaquePointer

    init(handle: OpaquePointer) { self.handle = handle }

    deinit { ffxml_doc_free(handle) }

    /// Builds a document whose root is `root`: every name is checked, every text and attribute value goes
    /// through libxml2 (so it is escaped when written), and characters XML cannot carry become U+FFFD.
    public convenience init(root: MarkupElement) throws {
        guard let doc = ffxml_doc_new() else { throw MarkupDocument.allocationError() }
        self.init(handle: doc)
        try Self.checkName(root.name)
        guard let node = ffxml_doc_set_root(doc, root.name) else { throw MarkupDocument.allocationError() }
        try Self.fill(node, with: root)
    }

    /// Parses XML without touching the network and without substituting entities (a reference such as `&x;`
    /// stays a reference). Throws the first error libxml2 reports, with its line and column.
    public convenience init(parsingXML bytes: [UInt8], path: String? = nil) throws {
        let diagnostics = MarkupDiagnostics()
        guard bytes.count < Int(Int32.max) else {
            throw MarkupError(path: path, message: "the file is too large to parse (2 GiB at most)", reason: .tooLarge)
        }
        let doc = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: max(buffer.count, 1)) { pointer in
                ffxml_parse_xml(pointer, buffer.count, path ?? "input.xml", diagnostics.handle)
            }
        }
        let problems = diagnostics.errors(path: path)
        guard let doc, !problems.contains(where: { $0.isAtLeastError }) else {
            if let doc { ffxml_doc_free(doc) }
            throw problems.first { $0.isAtLeastError }
                ?? MarkupError(path: path, message: "the document could not be parsed", reason: .libxml)
        }
        self.init(handle: doc)
    }

    /// Parses XML text (see `init(parsingXML:path:)`).
    public convenience init(parsingXML text: String, path: String? = nil) throws {
        try self.init(parsingXML: Array(text.utf8), path: path)
    }

    /// The root element as Swift values (nil for a document without one).
    public var root: MarkupElement? {
        guard let node = ffxml_doc_root(handle) else { return nil }
        return Self.element(from: node)
    }

    /// The whole document as UTF-8 XML (`declaration: false` omits `<?xml …?>`; `pretty` indents).
    public func xmlString(declaration: Bool = true, pretty: Bool = false) throws -> String {
        var options: Int32 = 0
        if !declaration { options |= Int32(FFXML_SAVE_NO_DECLARATION) }
        if pretty { options |= Int32(FFXML_SAVE_PRETTY) }
        var length = 0
        let node = declaration ? nil : ffxml_doc_root(handle)
        guard let buffer = ffxml_serialize(handle, node, options, &length) else {
            throw MarkupError(path: nil, message: "libxml2 could not serialise the document", reason: .libxml)
        }
        defer { ffxml_free(buffer) }
        var text = buffer.withMemoryRebound(to: UInt8.self, capacity: length) { pointer in
            String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
        }
        if !declaration, text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    // MARK: - Building

    static func checkName(_ name: String) throws {
        guard !name.isEmpty, isPlainName(name) || ffxml_valid_name(name) != 0 else {
            throw MarkupError(
                path: nil, message: "\"\(MarkupSanitizer.sanitized(name))\" is not a valid XML name",
                reason: .invalidName(name))
        }
    }

    static func fill(_ node: OpaquePointer, with element: MarkupElement) throws {
        if let namespace = element.namespace {
            guard ffxml_node_set_namespace(node, namespace) != 0 else { throw allocationError() }
        }
        for attribute in element.attributes {
            try checkName(attribute.name)
            guard ffxml_node_set_attr(node, attribute.name, MarkupSanitizer.sanitized(attribute.value)) != 0 else {
                throw allocationError()
            }
        }
        for child in element.children {
            switch child {
            case .element(let childElement):
                try checkName(childElement.name)
                guard let childNode = ffxml_node_add_element(node, childElement.name) else { throw allocationError() }
                try fill(childNode, with: childElement)
            case .text(let text):
                guard !text.isEmpty else { continue }
                guard ffxml_node_add_text(node, MarkupSanitizer.sanitized(text)) != 0 else { throw allocationError() }
            case .comment(let text):
                guard !text.contains("--"), !text.hasSuffix("-") else {
                    throw MarkupError(path: nil, message: "a comment cannot contain \"--\"", reason: .invalidComment)
                }
                guard ffxml_node_add_comment(node, MarkupSanitizer.sanitized(text)) != 0 else {
                    throw allocationError()
                }
            }
        }
    }

    /// True for ASCII names every XML parser accepts (`[A-Za-z_][A-Za-z0-9._-]*`, with at most one inner `:`), checked
    /// without calling libxml2; other names go to `xmlValidateName`.
    static func isPlainName(_ name: String) -> Bool {
        var colons = 0
        var first = true
        for byte in name.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"):
                break
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "-"):
                if first { return false }
            case UInt8(ascii: ":"):
                colons += 1
                if first || colons > 1 { return false }
            default:
                return false
            }
            first = false
        }
        return !first && !name.hasSuffix(":")
    }

    static func allocationError() -> MarkupError {
        MarkupError(path: nil, message: "libxml2 could not build the document", reason: .libxml)
    }

    // MARK: - Reading

    static func element(from node: OpaquePointer) -> MarkupElement {
        var attributes: [MarkupAttribute] = []
        var attribute = ffxml_node_first_attr(node)
        while let current = attribute {
            let name = ffxml_attr_name(current)
            let value = ffxml_attr_value(current)
            attributes.append(
                MarkupAttribute(name.map { String(cString: $0) } ?? "", value.map { String(cString: $0) } ?? ""))
            ffxml_free(name)
            ffxml_free(value)
            attribute = ffxml_attr_next(current)
        }
        var children: [MarkupNode] = []
        var child = ffxml_node_first_child(node)
        while let current = child {
            switch Int(ffxml_node_kind(current)) {
            case FFXML_NODE_ELEMENT:
                children.append(.element(element(from: current)))
            case FFXML_NODE_TEXT, FFXML_NODE_CDATA:
                if let content = ffxml_node_content(current) { children.append(.text(String(cString: content))) }
            case FFXML_NODE_COMMENT:
                if let content = ffxml_node_content(current) { children.append(.comment(String(cString: content))) }
            default:
                break  // entity references are never expanded; processing instructions are skipped
            }
            child = ffxml_node_next(current)
        }
        return MarkupElement(
            name: ffxml_node_name(node).map { String(cString: $0) } ?? "",
            namespace: ffxml_node_namespace(node).map { String(cString: $0) },
            attributes: attributes, children: children, line: ffxml_node_line(node))
    }
}
