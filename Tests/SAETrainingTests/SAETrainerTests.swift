import FlowCore
import Foundation
import LinearAlgebra
import Testing

@testable import SAETraining

/// The trainer on activations drawn from a known sparse dictionary.
@Suite struct SAETrainerTests {
    /// `count` tokens, each a sum of `active` random atoms of `atoms` with weights in [1, 3], plus a
    /// constant offset (which the decoder bias must absorb).
    static func sparseData(atoms: Matrix, count: Int, active: Int, seed: UInt64) -> Matrix {
        var random = GaussianStream(seed: seed)
        var bits = SplitMix64(seed: seed ^ 0xA5A5)
        var data = Matrix(rows: count, columns: atoms.columns)
        for t in 0..<count {
            for _ in 0..<active {
                let atom = Int(bits.next() % UInt64(atoms.rows))
                let weight = 1 + 2 * random.uniform()
                for i in 0..<atoms.columns { data[t, i] += weight * atoms[atom, i] }
            }
            for i in 0..<atoms.columns { data[t, i] += 0.5 }
        }
        return data
    }

    static func trueAtoms(_ count: Int, inputs: Int, seed: UInt64) -> Matrix {
        var random = GaussianStream(seed: seed)
        var atoms = Matrix(rows: count, columns: inputs, values: (0..<(count * inputs)).map { _ in random.next() })
        _ = atoms.normalizeRows()
        return atoms
    }

    @Test func recoversAPlantedSparseDictionary() {
        let atoms = Self.trueAtoms(40, inputs: 24, seed: 5)
        var options = SAETrainingOptions(inputs: 24)
        options.learningRate = 3e-3
        options.deadAfterTokens = 2_000
        var trainer = SAETrainer(sae: TopKSAE(inputs: 24, latents: 80, k: 3, seed: 9), options: options)
        for step in 0..<1_500 {
            trainer.step(Self.sparseData(atoms: atoms, count: 128, active: 3, seed: UInt64(step)))
        }
        let decoder = trainer.sae.decoder
        var total: Float = 0
        for a in 0..<atoms.rows {
            var best: Float = -1
            for j in 0..<decoder.rows {
                var dot: Float = 0
                for i in 0..<24 { dot += atoms[a, i] * decoder[j, i] }
                best = max(best, dot)
            }
            total += best
        }
        let meanMaxCosine = total / Float(atoms.rows)
        #expect(meanMaxCosine >= 0.9, "mean max-cosine to the planted atoms: \(meanMaxCosine)")
        let heldOut = Self.sparseData(atoms: atoms, count: 512, active: 3, seed: 99_999)
        let quality = SAEQuality.measure(trainer.sae, on: [heldOut])
        #expect(quality.fractionOfVarianceExplained > 0.9, "FVE \(quality.fractionOfVarianceExplained)")
        #expect(quality.meanL0 <= 3)
        for j in 0..<decoder.rows {
            var norm: Float = 0
            for i in 0..<24 { norm += decoder[j, i] * decoder[j, i] }
            #expect(abs(norm - 1) < 1e-4)
        }
    }

    @Test func sameSeedAndBatchesGiveTheSameSAE() throws {
        // 64 latents, k 4: the bound-and-quickselect top-k path; a resampling half-way.
        let atoms = Self.trueAtoms(10, inputs: 8, seed: 1)
        func train() -> TopKSAE {
            var trainer = SAETrainer(sae: TopKSAE(inputs: 8, latents: 64, k: 4, seed: 4), options: .init(inputs: 8))
            for step in 0..<20 {
                let batch = Self.sparseData(atoms: atoms, count: 200, active: 2, seed: UInt64(step))
                if step == 10 { trainer.resample(firedFewerThan: 5, toward: batch, seed: 7) }
                trainer.step(batch)
            }
            return trainer.sae
        }
        let first = train()
        #expect(first == train())
        // And the written SAELens weights are byte-identical.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "deterministic-\(UInt32.random(in: 0...UInt32.max))"
        ).path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let quality = SAEQuality(fractionOfVarianceExplained: 0.5, meanL0: 4, deadFraction: 0, tokens: 10)
        let description = TrainedSAEFolder.Description(
            hookName: "blocks.0.hook_resid_post", layer: 0, modelName: "tiny", trainingTokens: 4_000, quality: quality,
            seed: 4)
        try TrainedSAEFolder.write(first, description, to: folder + "/a")
        try TrainedSAEFolder.write(train(), description, to: folder + "/b")
        let a = FileManager.default.contents(atPath: folder + "/a/sae_weights.safetensors")
        #expect(a != nil && a == FileManager.default.contents(atPath: folder + "/b/sae_weights.safetensors"))
    }

    @Test func deadLatentsFeedTheAuxiliaryLossAndRevive() {
        // Latents with tiny encoder rows lose every top-k contest (their pre-activations are small but
        // positive): after `deadAfterTokens` they are dead, and the aux loss must make some of them fire.
        let atoms = Self.trueAtoms(12, inputs: 8, seed: 2)
        var sae = TopKSAE(inputs: 8, latents: 24, k: 2, seed: 6)
        for j in 12..<24 {
            sae.encoderBias[j] = 0.01
            for i in 0..<8 { sae.encoder[j, i] *= 0.001 }
        }
        func deadCounts(auxiliaryWeight: Float) -> (start: Int, end: Int) {
            var options = SAETrainingOptions(inputs: 8)
            options.deadAfterTokens = 500
            options.learningRate = 5e-3
            options.auxiliaryWeight = auxiliaryWeight
            var trainer = SAETrainer(sae: sae, options: options)
            trainer.step(Self.sparseData(atoms: atoms, count: 600, active: 2, seed: 0))
            let start = trainer.deadLatents.count
            for step in 1..<400 {
                trainer.step(Self.sparseData(atoms: atoms, count: 100, active: 2, seed: UInt64(step)))
            }
            return (start, trainer.deadLatents.count)
        }
        let withAux = deadCounts(auxiliaryWeight: 1.0 / 32)
        #expect(withAux.start >= 12)
        #expect(withAux.end < withAux.start)
        // The control: without the aux loss, latents that never fire get no gradient, so fewer revive.
        let without = deadCounts(auxiliaryWeight: 0)
        #expect(withAux.end < without.end, "dead at the end: \(withAux.end) with the aux loss, \(without.end) without")
    }

    @Test func qualityOfAPerfectCodeIsOne() {
        // Data that are exactly single scaled decoder rows plus the bias: k = 1 reconstructs them exactly.
        let sae = TopKSAE(inputs: 6, latents: 6, k: 1, seed: 2)
        var identity = sae
        identity.decoder = Matrix(rows: 6, columns: 6, values: (0..<36).map { (i: Int) -> Float in i % 7 == 0 ? 1 : 0 })
        identity.encoder = identity.decoder
        let batch = Matrix(
            rows: 6, columns: 6, values: (0..<36).map { (i: Int) -> Float in i % 7 == 0 ? Float(i / 7 + 1) : 0 })
        let quality = SAEQuality.measure(identity, on: [batch])
        #expect(abs(quality.fractionOfVarianceExplained - 1) < 1e-6)
        #expect(quality.meanL0 == 1)
        #expect(quality.deadFraction == 0)
    }
}

/// A trained SAE written as a SAELens folder reads back through featureflow's own SAELens reader.
@Suite struct TrainedSAEFolderTests {
    @Test func writtenFolderLoadsAsATopKSAELensSAE() throws {
        let sae = TopKSAE(inputs: 6, latents: 10, k: 3, seed: 8)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "trained-\(UInt32.random(in: 0...UInt32.max))"
        )
        .path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let quality = SAEQuality(fractionOfVarianceExplained: 0.8125, meanL0: 3, deadFraction: 0.1, tokens: 100)
        let description = TrainedSAEFolder.Description(
            hookName: "blocks.4.hook_mlp_out", layer: 4, modelName: "tiny", trainingTokens: 1_000, quality: quality,
            seed: 8)
        try TrainedSAEFolder.write(sae, description, to: folder)
        var warnings: [String] = []
        let loaded = try SAELensReader.load(folder: folder, warnings: &warnings)
        #expect(loaded.layer == 4)
        #expect(loaded.hookSite == .mlp)
        #expect(loaded.architecture == .topk(k: 3))
        #expect(loaded.dSAE == 10 && loaded.dIn == 6)
        let weights = try SafetensorsFile(path: folder + "/sae_weights.safetensors")
        let encoder = try weights.tensor("W_enc").floats()
        #expect(encoder[2 * 10 + 7] == sae.encoder[7, 2])
        #expect(try weights.tensor("W_dec").floats() == sae.decoder.values)
        let config = try String(contentsOfFile: folder + "/cfg.json", encoding: .utf8)
        #expect(config.contains("\"heldout_fve\": 0.8125"))
    }
}
