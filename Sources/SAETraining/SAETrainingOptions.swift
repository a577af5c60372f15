/// The trainer's settings (defaults follow Gao et al. 2024 where they apply).
public struct SAETrainingOptions: Sendable, Equatable {
    /// Adam step size.
    public var learningRate: Float = 1e-3
    /// A latent that has not fired for this many tokens counts as dead (feeds the aux loss).
    public var deadAfterTokens: Int = 100_000
    /// Dead latents each token may use in the aux loss (Gao et al.: `d_in / 2`).
    public var auxiliaryK: Int
    /// The aux loss's weight (Gao et al.: 1/32).
    public var auxiliaryWeight: Float = 1.0 / 32

    /// Whether the first batch's mean replaces the decoder bias (off when the SAE starts from data).
    public var decoderBiasFromFirstBatch = true

    /// Options for an SAE of `inputs` inputs.
    public init(inputs: Int) { auxiliaryK = max(1, inputs / 2) }
}
