import LinearAlgebra
import Testing

@testable import SAETraining

/// The analytic gradients against central finite differences of the same loss, on a tiny SAE.
@Suite struct TopKSAEGradientTests {
    /// A tiny SAE with random (non-unit, untied) parameters and a batch whose active sets are clear.
    static func tinyProblem() -> (TopKSAE, Matrix) {
        var random = GaussianStream(seed: 11)
        func values(_ n: Int, _ scale: Float) -> [Float] { (0..<n).map { _ in random.next() * scale } }
        let sae = TopKSAE(
            encoder: Matrix(rows: 8, columns: 5, values: values(40, 1)), encoderBias: values(8, 0.1),
            decoder: Matrix(rows: 8, columns: 5, values: values(40, 0.5)), decoderBias: values(5, 0.1), k: 3)
        return (sae, Matrix(rows: 6, columns: 5, values: values(30, 1)))
    }

    /// Checks every parameter whose ±h perturbation keeps the active sets; returns how many were checked.
    static func check(
        _ sae: TopKSAE, _ batch: Matrix, auxiliary: AuxiliaryLoss?, residual: Matrix?, lossOf: (SAEBatchLoss) -> Float
    ) -> (checked: Int, worst: Float) {
        var analytic = SAEGradients(latents: sae.latents, inputs: sae.inputs)
        let base = sae.lossAndGradients(batch, auxiliary: auxiliary, residual: residual, into: &analytic)
        let h: Float = 1e-3
        var checked = 0
        var worst: Float = 0
        let keyPaths: [(WritableKeyPath<TopKSAE, [Float]>, [Float])] = [
            (\TopKSAE.encoder.values, analytic.encoder), (\TopKSAE.encoderBias, analytic.encoderBias),
            (\TopKSAE.decoder.values, analytic.decoder), (\TopKSAE.decoderBias, analytic.decoderBias),
        ]
        for (path, gradient) in keyPaths {
            for index in 0..<gradient.count {
                var plus = sae
                plus[keyPath: path][index] += h
                var minus = sae
                minus[keyPath: path][index] -= h
                var scratch = SAEGradients(latents: sae.latents, inputs: sae.inputs)
                let up = plus.lossAndGradients(batch, auxiliary: auxiliary, residual: residual, into: &scratch)
                let down = minus.lossAndGradients(batch, auxiliary: auxiliary, residual: residual, into: &scratch)
                guard up.codes.indices == base.codes.indices, down.codes.indices == base.codes.indices,
                    up.codes.values.map({ $0 > 0 }) == base.codes.values.map({ $0 > 0 })
                else { continue }
                let numeric = (lossOf(up) - lossOf(down)) / (2 * h)
                let error = abs(numeric - gradient[index]) / max(1, abs(numeric))
                worst = max(worst, error)
                checked += 1
            }
        }
        return (checked, worst)
    }

    @Test func reconstructionGradientsMatchFiniteDifferences() {
        let (sae, batch) = Self.tinyProblem()
        let result = Self.check(sae, batch, auxiliary: nil, residual: nil) { $0.reconstruction }
        #expect(result.checked > 80)
        #expect(result.worst < 2e-2, "worst relative error \(result.worst)")
    }

    @Test func auxiliaryGradientsMatchFiniteDifferencesWithTheResidualHeldFixed() {
        let (sae, batch) = Self.tinyProblem()
        let residual = Matrix(rows: batch.rows, columns: batch.columns, values: batch.values.map { $0 * 0.3 })
        let auxiliary = AuxiliaryLoss(deadLatents: [1, 4, 6], k: 2, weight: 0.5)
        // Gradients of the aux term alone: the total minus the reconstruction term's own gradients.
        var withAux = SAEGradients(latents: 8, inputs: 5)
        var without = SAEGradients(latents: 8, inputs: 5)
        let loss = sae.lossAndGradients(batch, auxiliary: auxiliary, residual: residual, into: &withAux)
        _ = sae.lossAndGradients(batch, into: &without)
        #expect(loss.auxiliary > 0)
        #expect(withAux.decoder != without.decoder)
        let result = Self.check(sae, batch, auxiliary: auxiliary, residual: residual) { $0.total }
        #expect(result.checked > 60)
        #expect(result.worst < 2e-2, "worst relative error \(result.worst)")
    }

    @Test func topKSelectionEqualsASortOnEveryRow() {
        var random = GaussianStream(seed: 3)
        let pre = Matrix(rows: 50, columns: 37, values: (0..<(50 * 37)).map { _ in random.next() })
        let sae = TopKSAE(inputs: 4, latents: 37, k: 5, seed: 1)
        let codes = sae.select(pre, slots: 5)
        for t in 0..<50 {
            let expected = (0..<37).sorted { pre[t, $0] > pre[t, $1] }.prefix(5)
            let got = codes.indices[(t * 5)..<(t * 5 + 5)].map(Int.init)
            #expect(Set(got) == Set(expected))
            for slot in 0..<5 {
                #expect(codes.values[t * 5 + slot] == max(0, pre[t, got[slot]]))
            }
        }
        let dead: [Int32] = [2, 9, 30]
        let auxCodes = sae.select(pre, slots: 2, candidates: dead)
        for t in 0..<50 {
            let expected = dead.sorted { pre[t, Int($0)] > pre[t, Int($1)] }.prefix(2)
            #expect(Set(auxCodes.indices[(t * 2)..<(t * 2 + 2)]) == Set(expected))
        }
    }
}

/// The heap-based top-k selection against a full sort, with many ties.
@Suite struct TopKSelectionTests {
    @Test func tiesGoToTheEarlierIndexAsInAStableSort() {
        // Values from {-2, …, 3}: every row has ties at the k-th place. The expected set is the first k of
        // a sort by value (descending), then index (ascending); non-positive winners are kept with value 0.
        var bits = SplitMix64(seed: 17)
        let rows = 40
        let columns = 23
        let pre = Matrix(
            rows: rows, columns: columns, values: (0..<(rows * columns)).map { _ in Float(Int(bits.next() % 6) - 2) })
        let sae = TopKSAE(inputs: 4, latents: columns, k: 7, seed: 1)
        for k in [1, 7, 23] {
            let codes = sae.select(pre, slots: k)
            for t in 0..<rows {
                let expected = (0..<columns).sorted { (pre[t, $0], -$0) > (pre[t, $1], -$1) }.prefix(k)
                let got = codes.indices[(t * k)..<(t * k + k)].map(Int.init)
                #expect(Set(got) == Set(expected), "row \(t), k \(k)")
                for slot in 0..<k { #expect(codes.values[t * k + slot] == max(0, pre[t, got[slot]])) }
            }
        }
        // Long rows take the bound-and-quickselect path: the same sets, with ties and with distinct values.
        for (columns, levels) in [(300, 6), (1_152, 40), (1_152, 1_000_000)] {
            let long = Matrix(
                rows: rows, columns: columns,
                values: (0..<(rows * columns)).map { _ in Float(Int(bits.next() % UInt64(levels)) - levels / 3) })
            let wide = TopKSAE(inputs: 4, latents: columns, k: 1, seed: 1)
            for k in [1, 8, 13, 64, 75] {
                let codes = wide.select(long, slots: k)
                for t in 0..<rows {
                    let expected = (0..<columns).sorted { (long[t, $0], -$0) > (long[t, $1], -$1) }.prefix(k)
                    let got = codes.indices[(t * k)..<(t * k + k)].map(Int.init)
                    #expect(Set(got) == Set(expected), "row \(t), \(columns) columns, k \(k)")
                    for slot in 0..<k { #expect(codes.values[t * k + slot] == max(0, long[t, got[slot]])) }
                }
            }
        }
        // More slots than candidates: the rest stay empty (index 0, value 0).
        let few = sae.select(pre, slots: 4, candidates: [3, 5])
        for t in 0..<rows {
            #expect(Set(few.indices[(t * 4)..<(t * 4 + 2)]) == [3, 5])
            #expect(few.values[t * 4 + 2] == 0 && few.values[t * 4 + 3] == 0)
        }
    }
}

/// Folding an input scale into the SAE.
@Suite struct TopKSAEScaleTests {
    @Test func aScaledSAEOnRawInputsEqualsTheOriginalOnScaledInputs() {
        let (sae, batch) = TopKSAEGradientTests.tinyProblem()
        let scale: Float = 4
        let scaled = Matrix(rows: batch.rows, columns: batch.columns, values: batch.values.map { $0 * scale })
        let reference = sae.reconstruct(scaled)
        let folded = sae.readingUnscaledInputs(scale: scale)
        let codes = folded.encode(batch)
        #expect(codes.indices == sae.encode(scaled).indices)
        let reconstruction = folded.decode(codes)
        for index in 0..<reference.values.count {
            #expect(abs(reconstruction.values[index] * scale - reference.values[index]) < 1e-4)
        }
    }
}
