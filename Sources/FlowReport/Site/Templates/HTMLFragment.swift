import Mustache

/// Finished markup for a template's `{{{x}}}`, written through libxml2 (`MarkupWriter`) and so already escaped and
/// free of characters HTML cannot carry: `PageRenderer` hands it to the template as it is, without scanning it again.
/// In a typed page model it encodes as itself (see `TemplateEncoder`); as data it is its markup.
struct HTMLFragment: MustacheCustomRenderable, Codable, Sendable {
    /// The markup.
    let html: String

    init(html: String) { self.html = html }

    init(from decoder: any Decoder) throws { html = try decoder.singleValueContainer().decode(String.self) }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(html)
    }

    var renderText: String { html }
    var isNull: Bool { false }
}
