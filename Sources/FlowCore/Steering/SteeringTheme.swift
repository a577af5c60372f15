import Foundation

/// A theme to steer towards or away from: seeds whose flow graphs are planned as one set, an optional
/// prompt and keywords for evaluation, and the direction (docs/steering.md).
public struct SteeringTheme: Codable, Sendable, Equatable {
    /// Whether steering should make the theme appear or disappear.
    public enum Direction: String, Codable, Sendable, CaseIterable {
        /// Steered texts should be about the theme (`add`, strength s; score B × C).
        case promote
        /// Steered texts should avoid the theme (`rescale`, factor r; score (1 − B) × C).
        case suppress
    }

    /// A short name, unique within a file (also the page's file name, after `slug`).
    public var name: String
    /// The seeds.
    public var seeds: [ThemeSeed]
    /// A prompt used for this theme instead of the prompts file.
    public var prompt: String?
    /// Words whose presence in a text counts as the theme being present (case-insensitive).
    public var keywords: [String]?
    /// Promote (default) or suppress.
    public var direction: Direction

    enum CodingKeys: String, CodingKey { case name, seeds, prompt, keywords, direction }

    /// A theme.
    public init(
        name: String, seeds: [ThemeSeed], prompt: String? = nil, keywords: [String]? = nil,
        direction: Direction = .promote
    ) {
        self.name = name
        self.seeds = seeds
        self.prompt = prompt
        self.keywords = keywords
        self.direction = direction
    }

    /// Reads a theme; `direction` defaults to promote.
    public init(from decoder: Decoder) throws {
        let keyed = try decoder.container(keyedBy: CodingKeys.self)
        name = try keyed.decode(String.self, forKey: .name)
        seeds = try keyed.decode([ThemeSeed].self, forKey: .seeds)
        prompt = try keyed.decodeIfPresent(String.self, forKey: .prompt)
        keywords = try keyed.decodeIfPresent([String].self, forKey: .keywords)
        direction = try keyed.decodeIfPresent(Direction.self, forKey: .direction) ?? .promote
    }

    /// The feature seeds (token seeds not yet resolved are left out).
    public var featureSeeds: [FeatureID] { seeds.compactMap(\.feature) }

    /// A file-name-safe form of the name: letters and digits kept (lower-cased), everything else `-`.
    public var slug: String {
        let mapped = name.lowercased().unicodeScalars.map { scalar -> Character in
            (scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar))) ? Character(scalar) : "-"
        }
        let text = String(mapped).split(separator: "-").joined(separator: "-")
        return text.isEmpty ? "theme" : text
    }
}
