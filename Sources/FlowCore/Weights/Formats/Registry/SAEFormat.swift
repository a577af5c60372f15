/// The name of a published format featureflow reads (FORMATS.md), as stored in the flow database and
/// written in manifests (`format: gemma-scope`). The formats themselves are the readers in `SAEFormats.all`;
/// each declares its name next to its reader, so adding a format adds no case here.
public struct SAEFormat: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The name (`saelens`, `gemma-scope`, …).
    public let rawValue: String

    /// The registered format called `rawValue`; nil for a name no reader declares.
    public init?(rawValue: String) {
        guard SAEFormats.all.contains(where: { $0.format.rawValue == rawValue }) else { return nil }
        self.rawValue = rawValue
    }

    /// A format name declared by a reader (no registry check: the reader's own declaration).
    init(declaring name: String) { rawValue = name }

    /// Every registered format, in registry order.
    public static var allCases: [SAEFormat] { SAEFormats.all.map(\.format) }

    /// The name.
    public var description: String { rawValue }

    /// Decodes a registered format name; an unknown name is a decoding error.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let name = try container.decode(String.self)
        guard let format = SAEFormat(rawValue: name) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown SAE format '\(name)'")
        }
        self = format
    }

    /// Encodes the name.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
