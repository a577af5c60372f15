/// How the encoder turns pre-activations into feature activations (FORMATS.md §0).
public enum SAEArchitecture: Sendable, Codable, Hashable {
    case standard
    case jumprelu
    case topk(k: Int)
    case gated

    /// Short name as in SAELens configs.
    public var name: String {
        switch self {
        case .standard: return "standard"
        case .jumprelu: return "jumprelu"
        case .topk: return "topk"
        case .gated: return "gated"
        }
    }
}
