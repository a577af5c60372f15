/// A hook position: a layer and the hook site in it (R_L, M_L or A_L). The key of everything kept per SAE position,
/// instead of a `"layer/site"` string; `description` is that string, for messages.
public struct Position: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The layer.
    public var layer: Int
    /// The hook site within the layer.
    public var hookSite: HookSite

    /// The position `hookSite` of `layer`.
    public init(layer: Int, hookSite: HookSite) {
        self.layer = layer
        self.hookSite = hookSite
    }

    /// `layer/site`, e.g. `12/res`.
    public var description: String { "\(layer)/\(hookSite.rawValue)" }

    /// Layer order, then residual, MLP, attention.
    public static func < (lhs: Position, rhs: Position) -> Bool {
        (lhs.layer, lhs.hookSite) < (rhs.layer, rhs.hookSite)
    }
}
