/// A feature of one SAE: `layer/site/index`, e.g. `24/res/14548` (the Neuronpedia convention).
public struct FeatureID: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public var layer: Int
    public var site: HookSite
    public var index: Int

    public init(layer: Int, site: HookSite, index: Int) {
        self.layer = layer
        self.site = site
        self.index = index
    }

    /// Parses `L/site/i` (also `L-site-i`, the file-name form); nil when malformed.
    public init?(parsing text: String) {
        let separator: Character = text.contains("/") ? "/" : "-"
        let parts = text.split(separator: separator, omittingEmptySubsequences: false)
        guard parts.count == 3, let layer = Int(parts[0]), layer >= 0,
            let site = HookSite(rawValue: String(parts[1])), let index = Int(parts[2]), index >= 0
        else { return nil }
        self.init(layer: layer, site: site, index: index)
    }

    /// `L/site/i`.
    public var description: String { "\(layer)/\(site.rawValue)/\(index)" }

    /// `L-site-i`: safe as a file name and URL path component.
    public var slug: String { "\(layer)-\(site.rawValue)-\(index)" }

    /// Layer, then site, then index.
    public static func < (lhs: FeatureID, rhs: FeatureID) -> Bool {
        (lhs.layer, lhs.site, lhs.index) < (rhs.layer, rhs.site, rhs.index)
    }
}
