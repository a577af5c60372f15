import Mustache

/// Finished markup for a template's `{{{x}}}`, written through libxml2 (`MarkupWriter`) and so already escaped and
/// free of characters HTML cannot carry: `PageRenderer` hands it to the template as it is, without scanning it again.
struct HTMLFragment: MustacheCustomRenderable {
    /// The markup.
    let html: String

    var renderText: String { html }
    var isNull: Bool { false }
}
