/// One of a feature's top activating contexts (`feature_context`).
public struct FeatureContext: Equatable, Sendable {
    public var layer: Int
    public var hookSite: HookSite
    public var feature: Int
    /// 1 = highest activation.
    public var rank: Int
    public var activation: Double
    /// Where the active token is in the evidence text.
    public var sequence: Int
    public var position: Int
    /// The decoded window around the active token (raw text: escape when rendering).
    public var tokens: [String]
    /// Index of the active token in `tokens`.
    public var focus: Int

    /// A context record.
    public init(
        layer: Int, hookSite: HookSite, feature: Int, rank: Int, activation: Double, sequence: Int, position: Int,
        tokens: [String], focus: Int
    ) {
        self.layer = layer
        self.hookSite = hookSite
        self.feature = feature
        self.rank = rank
        self.activation = activation
        self.sequence = sequence
        self.position = position
        self.tokens = tokens
        self.focus = focus
    }
}
