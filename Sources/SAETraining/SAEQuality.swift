import LinearAlgebra

/// How well an SAE reconstructs held-out activations.
public struct SAEQuality: Sendable, Equatable {
    /// Fraction of variance explained: `1 − Σ‖x − x̂‖² / Σ‖x − x̄‖²` (x̄ the held-out mean).
    public var fractionOfVarianceExplained: Double
    /// Mean number of active latents per token.
    public var meanL0: Double
    /// Fraction of latents that never fired on the held-out tokens.
    public var deadFraction: Double
    /// Held-out tokens measured.
    public var tokens: Int
    /// Held-out massive-activation tokens left out of the figures (`MassiveTokens`).
    public var massiveTokensLeftOut = 0

    /// Measures `sae` on `batches` (one token per row).
    public static func measure(_ sae: TopKSAE, on batches: [Matrix]) -> SAEQuality {
        var meter = SAEQualityMeter(sae)
        for batch in batches { meter.add(batch) }
        return meter.quality
    }
}
