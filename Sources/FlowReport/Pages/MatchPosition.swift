import FlowCore
import SiteKit

/// The four positions a residual feature is compared with, in the order pages list them.
public enum MatchPosition: String, CaseIterable, Codable, Sendable {
    /// R_{L-1}.
    case previousResidual = "res-backward"
    /// M_L.
    case mlp
    /// A_L.
    case attention = "att"
    /// R_{L+1}.
    case nextResidual = "res-forward"

    init(hookSite: HookSite, direction: MatchDirection) {
        switch (hookSite, direction) {
        case (.res, .backward): self = .previousResidual
        case (.res, .forward): self = .nextResidual
        case (.mlp, _): self = .mlp
        case (.att, _): self = .attention
        }
    }

    /// Where the candidates live, relative to the residual feature's layer L.
    public func candidate(layer: Int, index: Int) -> FeatureID {
        switch self {
        case .previousResidual: return FeatureID(layer: layer - 1, hookSite: .res, index: index)
        case .nextResidual: return FeatureID(layer: layer + 1, hookSite: .res, index: index)
        case .mlp: return FeatureID(layer: layer, hookSite: .mlp, index: index)
        case .attention: return FeatureID(layer: layer, hookSite: .att, index: index)
        }
    }

    /// Heading on feature pages.
    public var title: String {
        switch self {
        case .previousResidual: return "Previous residual stream R(L−1)"
        case .mlp: return "MLP output M(L)"
        case .attention: return "Attention output A(L)"
        case .nextResidual: return "Next residual stream R(L+1)"
        }
    }
}
