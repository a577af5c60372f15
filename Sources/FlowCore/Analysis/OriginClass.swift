/// Where a residual feature comes from, by its top-1 cosines s(R), s(M), s(A) (METHOD.md §3).
public enum OriginClass: String, CaseIterable, Codable, Sendable, Comparable {
    /// Carried over from R_{L-1}, untouched by the modules (persistence).
    case translated
    /// An existing feature changed by the MLP and/or attention (transformation).
    case processed
    /// Created by the MLP of layer L (emergence).
    case newbornMLP = "newborn-mlp"
    /// Created by the attention of layer L (emergence).
    case newbornAtt = "newborn-att"
    /// Created by MLP and attention together (emergence).
    case newbornBoth = "newborn-both"
    /// No weight-level predecessor above threshold.
    case unexplained
    /// Unknown origin: the previous residual SAE R_{L-1} is missing (a layer absent from the set, or the
    /// first layer of a set that does not start at layer 0), so the feature cannot be classed. Not a
    /// birth; reports show it as a gap.
    case unknown

    /// Classifies from the top-1 scores; a nil score (no SAE at that position, or layer 0 for s(R))
    /// counts as below its threshold. A score exactly at its threshold counts as above.
    public static func classify(res: Float?, mlp: Float?, att: Float?, thresholds: ClassThresholds) -> OriginClass {
        let fromRes = res.map { $0 >= thresholds.res } ?? false
        let fromMLP = mlp.map { $0 >= thresholds.mlp } ?? false
        let fromAtt = att.map { $0 >= thresholds.att } ?? false
        switch (fromRes, fromMLP, fromAtt) {
        case (true, false, false): return .translated
        case (true, _, _): return .processed
        case (false, true, true): return .newbornBoth
        case (false, true, false): return .newbornMLP
        case (false, false, true): return .newbornAtt
        case (false, false, false): return .unexplained
        }
    }

    /// The six classes a feature with a known predecessor layer can have (every class but `unknown`).
    public static let known: [OriginClass] = [
        .translated, .processed, .newbornMLP, .newbornAtt, .newbornBoth, .unexplained,
    ]

    /// Declaration order: translated, processed, newborn (MLP, attention, both), unexplained, unknown.
    public static func < (lhs: OriginClass, rhs: OriginClass) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// True for the three newborn classes.
    public var isNewborn: Bool { self == .newbornMLP || self == .newbornAtt || self == .newbornBoth }

    /// Human-readable name for reports.
    public var title: String {
        switch self {
        case .translated: return "translated"
        case .processed: return "processed"
        case .newbornMLP: return "newborn (MLP)"
        case .newbornAtt: return "newborn (attention)"
        case .newbornBoth: return "newborn (MLP + attention)"
        case .unexplained: return "unexplained"
        case .unknown: return "unknown origin (gap)"
        }
    }
}

extension OriginClass: CodingKeyRepresentable {}
