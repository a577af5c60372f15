/// One of a feature's top activating contexts (`feature_context`), generic over how its window's tokens are held:
/// decoded text for the pages (`FeatureContext`), token ids as stored (`ContextWindow`).
public struct TopContext<Token: Equatable & Sendable>: Equatable, Sendable {
    public var layer: Int
    public var hookSite: HookSite
    public var feature: Int
    /// 1 = highest activation.
    public var rank: Int
    public var activation: Double
    /// Where the active token is in the evidence text.
    public var sequence: Int
    public var position: Int
    /// The window around the active token: decoded raw text (escape when rendering) or token ids.
    public var tokens: [Token]
    /// Index of the active token in `tokens`.
    public var focus: Int

    /// A context record.
    public init(
        layer: Int, hookSite: HookSite, feature: Int, rank: Int, activation: Double, sequence: Int, position: Int,
        tokens: [Token], focus: Int
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

/// A context with its window decoded to text: what the pages read.
public typealias FeatureContext = TopContext<String>
