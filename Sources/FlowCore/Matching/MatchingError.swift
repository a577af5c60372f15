/// A problem that stops matching, located at the SAE involved.
public typealias MatchingError = LocatedFailure<MatchingReason>

/// What went wrong.
public enum MatchingReason: FailureReason {
    /// Two SAEs to be compared live in spaces of different widths.
    case widthMismatch(hookSite: HookSite, layer: Int, width: Int, residualWidth: Int)
    /// The decoder does not have the shape the SAE declares.
    case decoderShape(rows: Int, columns: Int, dSAE: Int, dIn: Int)
    /// Two SAEs claim the same layer and site.
    case duplicate(layer: Int, hookSite: HookSite)
    /// The attention projection does not fit the SAE.
    case projectionShape(dIn: Int, projectionDIn: Int)

    /// What is wrong, in one sentence, without the path.
    public var message: String {
        switch self {
        case .widthMismatch(let hookSite, let layer, let width, let residualWidth):
            return
                "\(layer)/\(hookSite.rawValue) vectors are \(width)-d but the residual stream is \(residualWidth)-d; "
                + "they cannot be compared"
        case .decoderShape(let rows, let columns, let dSAE, let dIn):
            return "decoder is \(rows) × \(columns) but the SAE declares d_sae \(dSAE), d_in \(dIn)"
        case .duplicate(let layer, let hookSite):
            return "two SAEs for layer \(layer) site \(hookSite.rawValue)"
        case .projectionShape(let dIn, let projectionDIn):
            return "attention SAE reads \(dIn)-d hook_z but W_O takes \(projectionDIn)-d inputs"
        }
    }
}
