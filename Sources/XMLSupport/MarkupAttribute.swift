/// An attribute of an element: a name (with a prefix such as `xlink:` when it has one) and an unescaped value.
public struct MarkupAttribute: Hashable, Sendable {
    /// The attribute's name, e.g. `href` or `aria-label`.
    public var name: String
    /// The value as the reader sees it (libxml2 escapes it when serialising).
    public var value: String

    /// An attribute named `name` with `value`.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
