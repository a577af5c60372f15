import LinearAlgebra

/// Accumulates `SAEQuality` over held-out batches as they stream past (memory independent of the
/// number of tokens).
public struct SAEQualityMeter: Sendable {
    private let sae: TopKSAE
    private var sum: [Double]
    private var sumSquares: Double = 0
    private var errorSquares: Double = 0
    private var active = 0
    private var fired: [Bool]
    private var tokens = 0

    /// A meter for `sae`.
    public init(_ sae: TopKSAE) {
        self.sae = sae
        sum = [Double](repeating: 0, count: sae.inputs)
        fired = [Bool](repeating: false, count: sae.latents)
    }

    /// Adds one batch (one token per row).
    public mutating func add(_ batch: Matrix) {
        let codes = sae.encode(batch)
        let reconstruction = sae.decode(codes)
        let inputs = sae.inputs
        for t in 0..<batch.rows {
            for i in 0..<inputs {
                let x = Double(batch.values[t * inputs + i])
                let error = x - Double(reconstruction.values[t * inputs + i])
                sum[i] += x
                sumSquares += x * x
                errorSquares += error * error
            }
        }
        for (slot, latent) in codes.indices.enumerated() where codes.values[slot] > 0 {
            active += 1
            fired[Int(latent)] = true
        }
        tokens += batch.rows
    }

    /// The quality over every batch added so far.
    public var quality: SAEQuality {
        let n = Double(max(tokens, 1))
        let total = sumSquares - sum.reduce(0) { $0 + $1 * $1 } / n
        return SAEQuality(
            fractionOfVarianceExplained: total > 0 ? 1 - errorSquares / total : 0,
            meanL0: Double(active) / n,
            deadFraction: Double(fired.filter { !$0 }.count) / Double(max(sae.latents, 1)),
            tokens: tokens)
    }
}
