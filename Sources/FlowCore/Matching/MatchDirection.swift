/// Which way a comparison looks from a residual feature on R_L: toward its predecessors (R_{L-1},
/// M_L, A_L) or toward R_{L+1}.
public enum MatchDirection: String, CaseIterable, Codable, Sendable, Comparable {
    /// Predecessor positions: R_{L-1} (`res`), M_L (`mlp`), A_L (`att`).
    case backward
    /// The next residual stream R_{L+1} (`res` only).
    case forward

    /// Backward first.
    public static func < (lhs: MatchDirection, rhs: MatchDirection) -> Bool {
        lhs == .backward && rhs == .forward
    }
}
