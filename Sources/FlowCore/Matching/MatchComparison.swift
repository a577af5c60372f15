import LinearAlgebra

/// The top-k matches of every residual feature of R_L among the features of one position.
public struct MatchComparison: Sendable {
    /// The position compared: `res` (R_{L-1} or R_{L+1}), `mlp` (M_L) or `att` (A_L).
    public var hookSite: HookSite
    /// Backward (predecessors) or forward (R_{L+1}).
    public var direction: MatchDirection
    /// The layer of the compared SAE.
    public var candidateLayer: Int
    /// Number of features of the compared SAE.
    public var candidates: Int
    /// One row per residual feature of R_L: candidate indices and cosines, best first.
    public var topK: TopKAccumulator

    /// A comparison result.
    public init(
        hookSite: HookSite, direction: MatchDirection, candidateLayer: Int, candidates: Int, topK: TopKAccumulator
    ) {
        self.hookSite = hookSite
        self.direction = direction
        self.candidateLayer = candidateLayer
        self.candidates = candidates
        self.topK = topK
    }
}
