import Mustache

/// Finished markup for a template's `{{{x}}}`, written through libxml2 (`MarkupWriter`) and so already escaped and
/// free of characters HTML cannot carry: `PageRenderer` hands it to the template as it is, without scanning it again.
public struct HTMLFragment: MustacheCustomRenderable {
    /// The markup.
    public let html: String

    /// Wraps finished, already escaped markup.
    public init(html: String) { self.html = html }

    public var renderText: String { html }
    public var isNull: Bool { false }
}
