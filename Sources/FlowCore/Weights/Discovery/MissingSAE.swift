/// A (layer, site) inside the catalogued layer range that has no SAE.
public struct MissingSAE: Hashable, Codable, Sendable, CustomStringConvertible {
    /// The layer.
    public var layer: Int
    /// The site without an SAE.
    public var hookSite: HookSite

    /// Coding keys: the hook site keeps its file key `site`.
    enum CodingKeys: String, CodingKey {
        case layer
        case hookSite = "site"
    }

    /// A missing position.
    public init(layer: Int, hookSite: HookSite) {
        self.layer = layer
        self.hookSite = hookSite
    }

    /// `layer 7: no attention SAE`.
    public var description: String { "layer \(layer): no \(hookSite.longName) SAE" }
}
