/// A lane of the flow diagram: where in a layer a feature lives (attention output, residual stream, MLP output).
public enum FlowLane: String, CaseIterable, Hashable, Sendable {
    /// Attention output of the layer (`att`), drawn on top.
    case attention = "att"
    /// Residual stream after the layer (`res`), drawn in the middle.
    case residual = "res"
    /// MLP output of the layer (`mlp`), drawn at the bottom.
    case mlp = "mlp"

    /// Human name shown at the left of the lane.
    public var title: String {
        switch self {
        case .attention: return "attention"
        case .residual: return "residual"
        case .mlp: return "MLP"
        }
    }
}
