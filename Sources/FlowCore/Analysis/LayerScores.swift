/// Top-1 matches of every residual feature of R_L against the positions it is compared with.
/// A column is nil when that position has no SAE (layer 0 has no R_{-1}; the last layer no R_{L+1}).
public struct LayerScores: Sendable, Equatable {
    /// Layer L.
    public var layer: Int
    /// Number of residual features on R_L.
    public var count: Int
    /// Best R_{L-1} feature: s(R).
    public var res: TopOneColumn?
    /// Best M_L feature: s(M).
    public var mlp: TopOneColumn?
    /// Best A_L feature: s(A).
    public var att: TopOneColumn?
    /// Best R_{L+1} feature (the forward "main continuation").
    public var forward: TopOneColumn?

    public init(
        layer: Int, count: Int, res: TopOneColumn? = nil, mlp: TopOneColumn? = nil, att: TopOneColumn? = nil,
        forward: TopOneColumn? = nil
    ) {
        self.layer = layer
        self.count = count
        self.res = res
        self.mlp = mlp
        self.att = att
        self.forward = forward
    }

    /// The column for a backward site.
    public func column(_ hookSite: HookSite) -> TopOneColumn? {
        switch hookSite {
        case .res: return res
        case .mlp: return mlp
        case .att: return att
        }
    }
}
