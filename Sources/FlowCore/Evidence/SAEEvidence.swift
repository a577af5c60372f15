/// How well one SAE reconstructs the evidence text (`sae_quality`).
public struct SAEEvidence: Equatable, Sendable {
    public var layer: Int
    public var hookSite: HookSite
    /// Tokens measured.
    public var tokens: Int
    /// Fraction of variance explained: 1 − Σ‖x − x̂‖² / Σ‖x − mean(x)‖².
    public var fve: Double
    /// Mean number of active features per token.
    public var l0: Double
    /// Fraction of features never active on the text.
    public var deadFraction: Double
    /// Fraction of features active on more than 10 % of the tokens.
    public var denseFraction: Double

    /// A quality record.
    public init(
        layer: Int, hookSite: HookSite, tokens: Int, fve: Double, l0: Double, deadFraction: Double,
        denseFraction: Double
    ) {
        self.layer = layer
        self.hookSite = hookSite
        self.tokens = tokens
        self.fve = fve
        self.l0 = l0
        self.deadFraction = deadFraction
        self.denseFraction = denseFraction
    }
}
