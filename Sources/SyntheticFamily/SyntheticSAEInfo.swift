import CanonicalOutput
import FlowCore

/// One SAE of a synthetic family as listed in truth.json.
public struct SyntheticSAEInfo: Sendable, Codable, Equatable {
    /// Layer L.
    public var layer: Int
    /// Position.
    public var site: HookSite
    /// Hook name, also the folder name.
    public var hookName: String

    /// An entry.
    public init(layer: Int, site: HookSite, hookName: String) {
        self.layer = layer
        self.site = site
        self.hookName = hookName
    }

    /// The truth.json object.
    public var json: JSONValue {
        .object(["layer": .int(layer), "site": .string(site.rawValue), "hookName": .string(hookName)])
    }
}
