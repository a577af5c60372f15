import CanonicalOutput

/// The three class thresholds t_R, t_M, t_A of one layer (METHOD.md §3).
public struct ClassThresholds: Codable, Sendable, Equatable {
    /// Threshold on s(R), the cosine to the best R_{L-1} feature.
    public var res: Float
    /// Threshold on s(M), the cosine to the best M_L feature.
    public var mlp: Float
    /// Threshold on s(A), the cosine to the best A_L feature.
    public var att: Float

    public init(res: Float, mlp: Float, att: Float) {
        self.res = res
        self.mlp = mlp
        self.att = att
    }

    /// The project default: 0.25 each (classifies the paper's worked examples as the paper does).
    public static let `default` = ClassThresholds(res: 0.25, mlp: 0.25, att: 0.25)
}

/// How thresholds are chosen for each layer.
public enum ThresholdMode: Codable, Sendable, Equatable {
    /// The same thresholds at every layer.
    case fixed(ClassThresholds)
    /// Each threshold is this quantile (0…1) of that layer's own score distribution.
    case quantile(Float)

    /// A short description printed in reports.
    public var summary: String {
        switch self {
        case .fixed(let t):
            return "fixed: t_R = \(Fmt.score(t.res)), t_M = \(Fmt.score(t.mlp)), t_A = \(Fmt.score(t.att))"
        case .quantile(let q): return "per-layer quantile q = \(Fmt.score(q)) of each score distribution"
        }
    }
}
