import LinearAlgebra
import Testing

@testable import SAETraining

/// The per-hook input scale and its folding into the written SAE.
@Suite struct InputScaleTests {
    @Test func aMassiveTokenDoesNotSetTheScale() {
        // Nine rows of norm 2 (a 2 in one of four coordinates) and one of norm 1,000: the median norm is 2,
        // so the scale is √4 / 2 = 1, whatever the outlier (the root mean square would give ≈ 0.006).
        var values: [Float] = []
        for t in 0..<9 { values += (0..<4).map { $0 == t % 4 ? 2 : 0 } }
        values += [1_000, 0, 0, 0]
        let sample = Matrix(rows: 10, columns: 4, values: values)
        #expect(InputScale.of(sample) == 1)
        var bigger = sample
        bigger.values[36] = 1e6
        #expect(InputScale.of(bigger) == 1)
    }

    @Test func theScaleGivesTheMedianRowTheNormRootD() {
        // Rows of norm 1, 3 and 5 in 9 dimensions: median 3, scale √9 / 3 = 1; doubled rows halve it.
        let rows: [[Float]] = [
            [1] + [Float](repeating: 0, count: 8), [3] + [Float](repeating: 0, count: 8),
            [3, 4] + [Float](repeating: 0, count: 7),
        ]
        let sample = Matrix(rows: 3, columns: 9, values: rows.flatMap { $0 })
        #expect(abs(InputScale.of(sample) - 1) < 1e-6)
        let doubled = Matrix(rows: 3, columns: 9, values: sample.values.map { $0 * 2 })
        #expect(abs(InputScale.of(doubled) - 0.5) < 1e-6)
        #expect(InputScale.of(Matrix(rows: 2, columns: 3)) == 1)
    }

    @Test func heldOutQualityOfTheFoldedSAEOnRawInputsEqualsTheScaledOnes() {
        // What train-saes writes (the scale folded into the biases) must measure on raw activations exactly
        // as the trained SAE does on scaled ones: same codes, FVE and L0 (FVE is scale-free).
        let (sae, batch) = TopKSAEGradientTests.tinyProblem()
        let scale = InputScale.of(batch)
        let scaled = Matrix(rows: batch.rows, columns: batch.columns, values: batch.values.map { $0 * scale })
        let onScaled = SAEQuality.measure(sae, on: [scaled])
        let onRaw = SAEQuality.measure(sae.readingUnscaledInputs(scale: scale), on: [batch])
        #expect(abs(onScaled.fractionOfVarianceExplained - onRaw.fractionOfVarianceExplained) < 1e-5)
        #expect(onScaled.meanL0 == onRaw.meanL0)
        #expect(onScaled.deadFraction == onRaw.deadFraction)
    }
}
