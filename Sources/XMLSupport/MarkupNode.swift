/// One node of a markup tree: an element, a run of text, or a comment.
public enum MarkupNode: Hashable, Sendable {
    /// An element with its attributes and children.
    case element(MarkupElement)
    /// Character data, unescaped (libxml2 escapes it when serialising).
    case text(String)
    /// A comment (its text must not contain `--`; such text is rejected when serialising).
    case comment(String)

    /// The element, when this node is one.
    public var element: MarkupElement? {
        if case .element(let element) = self { return element }
        return nil
    }

    /// The text of this node and all its descendants, in document order (comments excluded).
    public var textContent: String {
        switch self {
        case .element(let element): return element.textContent
        case .text(let text): return text
        case .comment: return ""
        }
    }
}
