import Mustache

/// Finished markup for a template's `{{{x}}}`, written through libxml2 (`MarkupWriter`) and so already escaped and
/// free of characters HTML cannot carry: `PageRenderer` hands it to the template as it is, without scanning it again.
/// In a typed page model it encodes as itself (see `TemplateEncoder`); as data it is its markup.
public struct HTMLFragment: MustacheCustomRenderable, Codable, Sendable {
    /// The markup.
    public let html: String

    /// Wraps finished, already escaped markup.
    public init(html: String) { self.html = html }

    public init(from decoder: any Decoder) throws { html = try decoder.singleValueContainer().decode(String.self) }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(html)
    }

    public var renderText: String { html }
    public var isNull: Bool { false }
}
