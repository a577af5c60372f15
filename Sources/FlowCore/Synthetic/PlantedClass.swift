/// Origin class of a residual feature (METHOD.md §3), as planted by the synthetic generator.
public enum PlantedClass: String, Sendable, Codable, CaseIterable, Comparable {
    /// Carried over from R_{L-1}: s(R) ≥ t_R, s(M) < t_M, s(A) < t_A.
    case translated
    /// Changed by the MLP and/or attention: s(R) ≥ t_R and (s(M) ≥ t_M or s(A) ≥ t_A).
    case processed
    /// Born in the MLP: s(R) < t_R, s(M) ≥ t_M, s(A) < t_A.
    case newbornMLP = "newborn-mlp"
    /// Born in the attention: s(R) < t_R, s(M) < t_M, s(A) ≥ t_A.
    case newbornAtt = "newborn-att"
    /// Born in both: s(R) < t_R, s(M) ≥ t_M, s(A) ≥ t_A.
    case newbornBoth = "newborn-both"
    /// No weight-level predecessor: all scores below their thresholds.
    case unexplained

    /// The METHOD.md §3 rule; `res` is nil on layer 0 (no R_{-1}).
    public static func classify(
        res: Double?, mlp: Double, att: Double, tR: Double = 0.25, tM: Double = 0.25, tA: Double = 0.25
    ) -> PlantedClass {
        let fromRes = (res ?? -1) >= tR
        let fromMLP = mlp >= tM
        let fromAtt = att >= tA
        switch (fromRes, fromMLP, fromAtt) {
        case (true, false, false): return .translated
        case (true, _, _): return .processed
        case (false, true, false): return .newbornMLP
        case (false, false, true): return .newbornAtt
        case (false, true, true): return .newbornBoth
        case (false, false, false): return .unexplained
        }
    }

    /// Declaration order.
    public static func < (lhs: PlantedClass, rhs: PlantedClass) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
