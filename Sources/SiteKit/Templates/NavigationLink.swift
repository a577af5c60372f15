/// An entry of the site navigation.
public struct NavigationLink: Hashable, Sendable {
    /// The text shown.
    public var title: String
    /// The target, relative to the site root (e.g. `layers/index.html`).
    public var href: String

    /// A link with every field given.
    public init(title: String, href: String) {
        self.title = title
        self.href = href
    }
}
