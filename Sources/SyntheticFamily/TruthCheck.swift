import FlowCore

/// How much of the brute-force top-1 check (O(width² · d_model) per layer and position) runs.
public enum TruthCheck: Sendable, Equatable, CustomStringConvertible {
    /// No check: every feature is `checked: false, clear: false`.
    case none
    /// Check this many residual features per layer, chosen by a separate seeded stream; the rest are unchecked.
    case sample(Int)
    /// Check every residual feature.
    case full

    /// `full` up to width × width × d_model ≤ 2^31 per position (demo sizes), else `sample(64)`.
    public static func automatic(width: Int, dModel: Int) -> TruthCheck {
        Double(width) * Double(width) * Double(dModel) <= 2_147_483_648 ? .full : .sample(64)
    }

    /// `none`, `sample`, `full`.
    public var description: String {
        switch self {
        case .none: return "none"
        case .sample: return "sample"
        case .full: return "full"
        }
    }
}
