extension HookSite {
    /// `residual`, `MLP` or `attention`, for messages.
    public var longName: String {
        switch self {
        case .res: return "residual"
        case .mlp: return "MLP"
        case .att: return "attention"
        }
    }
}
