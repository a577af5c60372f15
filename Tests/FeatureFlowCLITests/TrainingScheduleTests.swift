import Foundation
import LinearAlgebra
import Testing

@testable import FeatureFlowCLI

/// The pieces of `train-saes`' loop that decide which rows each step sees and at what step size.
@Suite struct TrainingScheduleTests {
    @Test func permutationIsSeededShuffleOfEveryRow() {
        let a = SAETrainingRun.permutation(1_000, seed: 7)
        #expect(a.sorted() == Array(0..<1_000))
        #expect(a == SAETrainingRun.permutation(1_000, seed: 7))
        #expect(a != SAETrainingRun.permutation(1_000, seed: 8))
        #expect(a != Array(0..<1_000))
        #expect(SAETrainingRun.permutation(0, seed: 1).isEmpty)
        #expect(SAETrainingRun.permutation(1, seed: 1) == [0])
    }

    @Test func gatherCopiesTheNamedRowsInOrder() {
        let m = Matrix(rows: 4, columns: 3, values: (0..<12).map(Float.init))
        let g = SAETrainingRun.gather(m, rows: [3, 0, 3][...])
        #expect(g.rows == 3 && g.columns == 3)
        #expect(g.values == [9, 10, 11, 0, 1, 2, 9, 10, 11])
    }

    @Test func learningRateIsConstantThenFallsLinearlyOverTheLastFifth() {
        // 100 steps: 0...79 at the base rate, then 20/20, 19/20, … 1/20 of it.
        #expect(SAETrainingRun.learningRate(2, step: 0, of: 100) == 2)
        #expect(SAETrainingRun.learningRate(2, step: 79, of: 100) == 2)
        #expect(SAETrainingRun.learningRate(2, step: 80, of: 100) == 2)
        #expect(abs(SAETrainingRun.learningRate(2, step: 90, of: 100) - 1) < 1e-6)
        #expect(abs(SAETrainingRun.learningRate(2, step: 99, of: 100) - 0.1) < 1e-6)
        // Too few steps to decay: constant.
        #expect(SAETrainingRun.learningRate(2, step: 3, of: 4) == 2)
    }

    @Test func perKindKOverridesOnlyItsKindAndOnlyThenEntersTheCacheKey() {
        var settings = SAETrainingSettings(
            width: 64, k: 8, tokens: 256, epochs: 1, heldoutTokens: 128, context: 16, batchTokens: 32,
            chunkTokens: 64, learningRate: 1e-3, seed: 0)
        let plain = settings.summary
        #expect(!plain.contains("k_mlp") && !plain.contains("k_attn"))
        settings.mlpK = 16
        #expect(settings.k(for: .mlpOut(3)) == 16)
        #expect(settings.k(for: .attnOut(3)) == 8)
        #expect(settings.k(for: .residPost(3)) == 8)
        settings.attnK = 4
        #expect(settings.k(for: .attnOut(0)) == 4)
        #expect(
            settings.summary.replacingOccurrences(of: " k_mlp=16 k_attn=4", with: "") == plain
                && settings.summary.hasSuffix(" k_mlp=16 k_attn=4 trainer=\(SAETrainingSettings.trainerVersion)"))
    }
}
