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

    /// Measures `sae` on `batches` (one token per row).
    public static func measure(_ sae: TopKSAE, on batches: [Matrix]) -> SAEQuality {
        var sum = [Double](repeating: 0, count: sae.inputs)
        var sumSquares: Double = 0
        var errorSquares: Double = 0
        var active = 0
        var fired = [Bool](repeating: false, count: sae.latents)
        var tokens = 0
        for batch in batches {
            let codes = sae.encode(batch)
            let reconstruction = sae.decode(codes)
            for index in 0..<batch.values.count {
                let x = Double(batch.values[index])
                let error = x - Double(reconstruction.values[index])
                sum[index % sae.inputs] += x
                sumSquares += x * x
                errorSquares += error * error
            }
            for (slot, latent) in codes.indices.enumerated() where codes.values[slot] > 0 {
                active += 1
                fired[Int(latent)] = true
            }
            tokens += batch.rows
        }
        let n = Double(max(tokens, 1))
        let total = sumSquares - sum.reduce(0) { $0 + $1 * $1 } / n
        return SAEQuality(
            fractionOfVarianceExplained: total > 0 ? 1 - errorSquares / total : 0,
            meanL0: Double(active) / n,
            deadFraction: Double(fired.filter { !$0 }.count) / Double(max(sae.latents, 1)),
            tokens: tokens)
    }
}
