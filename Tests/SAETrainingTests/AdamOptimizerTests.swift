import FlowCore
import LinearAlgebra
import Testing

@testable import SAETraining

/// The decoder's fused step against its three parts done one after the other.
@Suite struct AdamOptimizerTests {
    @Test func theFusedUnitRowStepEqualsProjectionAdamAndRenormalisation() {
        var random = GaussianStream(seed: 21)
        let rows = 9
        let columns = 37
        var rowsMatrix = Matrix(
            rows: rows, columns: columns, values: (0..<(rows * columns)).map { _ in random.next() })
        _ = rowsMatrix.normalizeRows()
        var fused = rowsMatrix.values
        var reference = rowsMatrix
        var fusedAdam = AdamOptimizer(count: rows * columns, learningRate: 0.05)
        var referenceAdam = fusedAdam
        for _ in 0..<4 {
            let gradient = (0..<(rows * columns)).map { _ in random.next() }
            var projected = gradient
            SAETrainer.removeParallelComponent(of: &projected, along: reference)
            referenceAdam.step(&reference.values, gradient: projected)
            _ = reference.normalizeRows()
            var consumed = gradient
            fusedAdam.stepUnitRows(&fused, gradient: &consumed, columns: columns)
            for index in 0..<fused.count { #expect(abs(fused[index] - reference.values[index]) < 1e-5) }
        }
        // Still unit rows, and they moved.
        for r in 0..<rows {
            var norm: Float = 0
            for c in 0..<columns { norm += fused[r * columns + c] * fused[r * columns + c] }
            #expect(abs(norm - 1) < 1e-5)
        }
        #expect(fused != rowsMatrix.values)
    }
}
