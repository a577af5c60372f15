import CanonicalOutput
import FlowCore

/// One SAE of a synthetic family as listed in truth.json.
public struct SyntheticSAEInfo: Sendable, Codable, Equatable {
    /// Layer L.
    public var layer: Int
    /// Position.
    public var hookSite: HookSite
    /// Hook name, also the folder name.
    public var hookName: String

    /// Coding keys: the hook site keeps its file key `site`.
    enum CodingKeys: String, CodingKey {
        case layer
        case hookSite = "site"
        case hookName
    }

    /// An entry.
    public init(layer: Int, hookSite: HookSite, hookName: String) {
        self.layer = layer
        self.hookSite = hookSite
        self.hookName = hookName
    }

    /// The truth.json object.
    public var json: JSONValue {
        .object(["layer": .int(layer), "site": .string(hookSite.rawValue), "hookName": .string(hookName)])
    }
}
