import FlowCore
import LinearAlgebra
import Testing

@testable import SAETraining

/// Resampling latents that rarely fire (`SAETrainer.resample`).
@Suite struct ResamplingTests {
    /// An SAE whose latents 12..<24 have tiny encoder rows: they lose every top-k contest.
    static func halfSilentSAE() -> TopKSAE {
        var sae = TopKSAE(inputs: 8, latents: 24, k: 2, seed: 6)
        for j in 12..<24 {
            sae.encoderBias[j] = 0.01
            for i in 0..<8 { sae.encoder[j, i] *= 0.001 }
        }
        return sae
    }

    @Test func onlyTheSilentLatentsMoveAndPointAtResiduals() {
        let atoms = SAETrainerTests.trueAtoms(12, inputs: 8, seed: 2)
        var options = SAETrainingOptions(inputs: 8)
        options.auxiliaryWeight = 0
        var trainer = SAETrainer(sae: Self.halfSilentSAE(), options: options)
        for step in 0..<20 {
            trainer.step(SAETrainerTests.sparseData(atoms: atoms, count: 100, active: 2, seed: UInt64(step)))
        }
        let silent = (0..<24).filter { trainer.firings[$0] == 0 }.map(Int32.init)
        #expect(silent.count >= 10)
        let before = trainer.sae
        let sample = SAETrainerTests.sparseData(atoms: atoms, count: 300, active: 2, seed: 777)
        let residual = Matrix(
            rows: sample.rows, columns: 8,
            values: zip(sample.values, before.reconstruct(sample).values).map { $0 - $1 })
        let resampled = trainer.resample(firedFewerThan: 1, toward: sample, seed: 3)
        #expect(resampled == silent)
        #expect(trainer.firings.allSatisfy { $0 == 0 })
        let kept = (0..<24).filter { !silent.contains(Int32($0)) }
        var meanNorm: Float = 0
        for j in kept {
            #expect((0..<8).allSatisfy { trainer.sae.encoder[j, $0] == before.encoder[j, $0] })
            #expect((0..<8).allSatisfy { trainer.sae.decoder[j, $0] == before.decoder[j, $0] })
            meanNorm += (0..<8).reduce(Float(0)) { $0 + before.encoder[j, $1] * before.encoder[j, $1] }.squareRoot()
        }
        meanNorm /= Float(kept.count)
        var usedRows = Set<Int>()
        for latent in silent {
            let j = Int(latent)
            let row = (0..<8).map { trainer.sae.decoder[j, $0] }
            #expect(abs(row.reduce(0) { $0 + $1 * $1 } - 1) < 1e-5)
            // The decoder row is the unit residual of one sample row, not used twice.
            let match = (0..<sample.rows).first { t in
                let norm = (0..<8).reduce(Float(0)) { $0 + residual[t, $1] * residual[t, $1] }.squareRoot()
                return norm > 0 && (0..<8).allSatisfy { abs(residual[t, $0] / norm - row[$0]) < 1e-5 }
            }
            #expect(match != nil)
            if let match { #expect(usedRows.insert(match).inserted) }
            let encoderNorm = (0..<8).reduce(Float(0)) { $0 + trainer.sae.encoder[j, $1] * trainer.sae.encoder[j, $1] }
            #expect(abs(encoderNorm.squareRoot() - meanNorm) < 1e-4 * max(1, meanNorm))
        }
        #expect(trainer.deadLatents.isEmpty || trainer.deadLatents.allSatisfy { !silent.contains($0) })
    }

    @Test func resamplingRevivesLatentsThatNeverFireWithoutTheAuxLoss() {
        // With the aux loss off, a latent that never fires gets no gradient and stays silent; resampling
        // every 50 steps points the silent ones at the worst-reconstructed tokens, and they fire.
        let atoms = SAETrainerTests.trueAtoms(12, inputs: 8, seed: 2)
        func silentAtTheEnd(resampling: Bool) -> Int {
            var options = SAETrainingOptions(inputs: 8)
            options.auxiliaryWeight = 0
            options.learningRate = 5e-3
            var trainer = SAETrainer(sae: Self.halfSilentSAE(), options: options)
            for step in 0..<300 {
                let batch = SAETrainerTests.sparseData(atoms: atoms, count: 100, active: 2, seed: UInt64(step))
                if resampling, step > 0, step % 50 == 0, step <= 150 {
                    trainer.resample(firedFewerThan: 1, toward: batch, seed: UInt64(step))
                }
                trainer.step(batch)
            }
            let heldOut = SAETrainerTests.sparseData(atoms: atoms, count: 2_000, active: 2, seed: 4_242)
            return Int((SAEQuality.measure(trainer.sae, on: [heldOut]).deadFraction * 24).rounded())
        }
        let without = silentAtTheEnd(resampling: false)
        let with = silentAtTheEnd(resampling: true)
        #expect(without >= 10)
        #expect(with < without / 2, "silent on held-out data: \(with) with resampling, \(without) without")
    }

    @Test func theWeightedDrawFavoursLargeErrorsAndDoesNotRepeat() {
        let weights: [Double] = [0, 1, 0, 100, 0, 1]
        var firsts = [Int](repeating: 0, count: 6)
        for seed in 0..<200 {
            let rows = SAETrainer.weightedDraw(weights, count: 3, seed: UInt64(seed))
            #expect(Set(rows) == [1, 3, 5])
            firsts[rows[0]] += 1
        }
        #expect(firsts[3] > 180)
    }
}
