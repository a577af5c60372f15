/// A feature of one SAE: `layer/site/index`, e.g. `24/res/14548` (the Neuronpedia convention).
public struct FeatureID: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public var layer: Int
    public var hookSite: HookSite
    public var index: Int

    /// Coding keys: the hook site keeps its file key `site`.
    enum CodingKeys: String, CodingKey {
        case layer
        case hookSite = "site"
        case index
    }

    public init(layer: Int, hookSite: HookSite, index: Int) {
        self.layer = layer
        self.hookSite = hookSite
        self.index = index
    }

    /// Parses `L/site/i` (also `L-site-i`, the file-name form); nil when malformed.
    public init?(parsing text: String) {
        let separator: Character = text.contains("/") ? "/" : "-"
        let parts = text.split(separator: separator, omittingEmptySubsequences: false)
        guard parts.count == 3, let layer = Int(parts[0]), layer >= 0,
            let hookSite = HookSite(rawValue: String(parts[1])), let index = Int(parts[2]), index >= 0
        else { return nil }
        self.init(layer: layer, hookSite: hookSite, index: index)
    }

    /// `L/site/i`.
    public var description: String { "\(layer)/\(hookSite.rawValue)/\(index)" }

    /// `L-site-i`: safe as a file name and URL path component.
    public var slug: String { "\(layer)-\(hookSite.rawValue)-\(index)" }

    /// Layer, then site, then index.
    public static func < (lhs: FeatureID, rhs: FeatureID) -> Bool {
        (lhs.layer, lhs.hookSite, lhs.index) < (rhs.layer, rhs.hookSite, rhs.index)
    }
}
