import CanonicalOutput
import FlowCore

/// One link (or none) per predecessor position of a residual feature on R_L: R_{L-1}, M_L and A_L.
public struct PlantedLinks: Sendable, Codable, Equatable {
    /// Link into R_{L-1} (always nil on layer 0).
    public var res: PlantedLink?
    /// Link into M_L.
    public var mlp: PlantedLink?
    /// Link into A_L.
    public var att: PlantedLink?

    /// Links by position.
    public init(res: PlantedLink? = nil, mlp: PlantedLink? = nil, att: PlantedLink? = nil) {
        self.res = res
        self.mlp = mlp
        self.att = att
    }

    /// The link at `site`.
    public subscript(hookSite: HookSite) -> PlantedLink? {
        get {
            switch hookSite {
            case .res: return res
            case .mlp: return mlp
            case .att: return att
            }
        }
        set {
            switch hookSite {
            case .res: res = newValue
            case .mlp: mlp = newValue
            case .att: att = newValue
            }
        }
    }

    /// `{"att": …, "mlp": …, "res": …}`, null where there is no link.
    public var json: JSONValue {
        .object(["res": res?.json ?? .null, "mlp": mlp?.json ?? .null, "att": att?.json ?? .null])
    }
}
