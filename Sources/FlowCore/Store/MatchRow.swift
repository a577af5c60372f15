/// One row of the `match` table: the `rank`-th best `candidate` at (`site`, `direction`) for
/// residual feature `feature` of R_`layer`.
public struct MatchRow: Equatable, Hashable, Sendable {
    /// Layer L of the residual feature.
    public var layer: Int
    /// Index of the residual feature on R_L.
    public var feature: Int
    /// Compared position: `res` (R_{L-1} backward, R_{L+1} forward), `mlp` (M_L), `att` (A_L).
    public var hookSite: HookSite
    /// Backward (predecessors) or forward (R_{L+1}).
    public var direction: MatchDirection
    /// 1…k, best first.
    public var rank: Int
    /// Index of the matched feature at that position.
    public var candidate: Int
    /// Decoder cosine (F32 precision).
    public var cosine: Double

    /// A match row.
    public init(
        layer: Int, feature: Int, hookSite: HookSite, direction: MatchDirection, rank: Int, candidate: Int,
        cosine: Double
    ) {
        self.layer = layer
        self.feature = feature
        self.hookSite = hookSite
        self.direction = direction
        self.rank = rank
        self.candidate = candidate
        self.cosine = cosine
    }

    /// The layer the candidate lives on (L-1 for backward `res`, L+1 for forward, else L).
    public var candidateLayer: Int {
        guard hookSite == .res else { return layer }
        return direction == .backward ? layer - 1 : layer + 1
    }

    /// The matched feature's id.
    public var candidateID: FeatureID { FeatureID(layer: candidateLayer, hookSite: hookSite, index: candidate) }
}
