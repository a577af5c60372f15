/// A (layer, site) inside the catalogued layer range that has no SAE.
public struct MissingSAE: Hashable, Codable, Sendable, CustomStringConvertible {
    /// The layer.
    public var layer: Int
    /// The site without an SAE.
    public var site: HookSite

    /// A missing position.
    public init(layer: Int, site: HookSite) {
        self.layer = layer
        self.site = site
    }

    /// `layer 7: no attention SAE`.
    public var description: String { "layer \(layer): no \(site.longName) SAE" }
}
