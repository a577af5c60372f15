/// An element of a markup tree, as plain Swift values: build one, then serialise it through libxml2
/// (`xmlString`, `fragmentString`), or get one back from a parsed document.
public struct MarkupElement: Hashable, Sendable {
    /// The element's local name, e.g. `svg` or `rect`.
    public var name: String
    /// The namespace URI; nil inherits the parent's (set it on the root: `http://www.w3.org/2000/svg`).
    public var namespace: String?
    /// Attributes in the order they are written.
    public var attributes: [MarkupAttribute]
    /// Child nodes in document order.
    public var children: [MarkupNode]
    /// 1-based line in the parsed input; 0 for elements built in code.
    public var line: Int

    /// An element with attributes given in order, e.g. `MarkupElement("rect", ["x": "1", "y": "2"])`.
    public init(
        _ name: String, _ attributes: KeyValuePairs<String, String> = [:], namespace: String? = nil,
        children: [MarkupNode] = []
    ) {
        self.name = name
        self.namespace = namespace
        self.attributes = attributes.map { MarkupAttribute($0.key, $0.value) }
        self.children = children
        self.line = 0
    }

    /// An element with an attribute list (used by the parser).
    public init(
        name: String, namespace: String?, attributes: [MarkupAttribute], children: [MarkupNode], line: Int
    ) {
        self.name = name
        self.namespace = namespace
        self.attributes = attributes
        self.children = children
        self.line = line
    }

    /// The value of the attribute `name`; setting nil removes it, setting a value replaces or appends it.
    public subscript(attribute name: String) -> String? {
        get { attributes.first { $0.name == name }?.value }
        set {
            if let index = attributes.firstIndex(where: { $0.name == name }) {
                if let newValue { attributes[index].value = newValue } else { attributes.remove(at: index) }
            } else if let newValue {
                attributes.append(MarkupAttribute(name, newValue))
            }
        }
    }

    /// Appends a child element.
    public mutating func append(_ element: MarkupElement) { children.append(.element(element)) }

    /// Appends a text node.
    public mutating func append(text: String) { children.append(.text(text)) }

    /// The child elements, skipping text and comments.
    public var childElements: [MarkupElement] { children.compactMap(\.element) }

    /// All text inside this element, in document order.
    public var textContent: String { children.map(\.textContent).joined() }

    /// Calls `body` for this element and every descendant element, in document order.
    public func forEachElement(_ body: (MarkupElement) throws -> Void) rethrows {
        try body(self)
        for child in children {
            if case .element(let element) = child { try element.forEachElement(body) }
        }
    }

    /// This element and every descendant element named `name`, in document order.
    public func elements(named name: String) -> [MarkupElement] {
        var found: [MarkupElement] = []
        forEachElement { if $0.name == name { found.append($0) } }
        return found
    }

    /// Serialises this element as a standalone XML document (UTF-8), with the XML declaration unless told not to.
    public func xmlString(declaration: Bool = true, pretty: Bool = false) throws -> String {
        try MarkupDocument(root: self).xmlString(declaration: declaration, pretty: pretty)
    }

    /// Serialises this element as markup to inline in an HTML page: UTF-8, no XML declaration, deterministic.
    public func fragmentString(pretty: Bool = false) throws -> String {
        try MarkupDocument(root: self).xmlString(declaration: false, pretty: pretty)
    }
}
