import Foundation
import Testing

@testable import ModelRuntime

/// The GGUF reader's fused row dot products (generation's batch-1 path) against decoded rows.
@Suite struct CheckpointRowDotTests {
    /// `rowDot` over a row range equals the dot products of the decoded rows, for every stored type that
    /// offers it, and for Q/K weights whose rows the reader permutes.
    static func check(_ matrix: WeightMatrix) -> Float? {
        guard let rowDot = matrix.rowDot else { return nil }
        let x = (0..<matrix.columns).map { Float(($0 * 7) % 11) / 11 - 0.4 }
        let rows = matrix.floats()
        let range = 1..<matrix.rows
        var fused = [Float](repeating: .nan, count: range.count)
        x.withUnsafeBufferPointer { xp in
            fused.withUnsafeMutableBufferPointer { rowDot(range, xp.baseAddress!, $0.baseAddress!) }
        }
        var worst: Float = 0
        for row in range {
            var exact: Float = 0
            for c in 0..<matrix.columns { exact += rows[row * matrix.columns + c] * x[c] }
            worst = max(worst, abs(fused[row - range.lowerBound] - exact) / max(1, abs(exact)))
        }
        return worst
    }

    @Test func everySupportedTypeDotsLikeItsDecodedRows() throws {
        let file = try GGUFFile(path: CheckpointFixtures.path("quants.gguf"))
        var checked = 0
        for info in file.tensors {
            let type = try #require(info.type.weightType)
            let matrix = GGUFCheckpoint.rows(
                of: info, type: type, in: file, name: info.name, rows: info.dimensions[1],
                columns: info.dimensions[0], ropeHeads: 0)
            guard let worst = Self.check(matrix) else { continue }
            #expect(worst < 1e-5, "\(info.name): \(worst)")
            checked += 1
        }
        #expect(checked >= 4)  // F32, BF16, Q8_0, Q4_1
    }

    @Test func permutedQueryAndKeyRowsDotInHuggingFaceOrder() throws {
        let checkpoint = try GGUFCheckpoint(path: CheckpointFixtures.path("tiny-llama.gguf"))
        for name in ["model.layers.0.self_attn.q_proj.weight", "model.layers.0.self_attn.k_proj.weight"] {
            let worst = try #require(Self.check(try checkpoint.matrix(name)), "\(name) offers no rowDot")
            #expect(worst < 1e-5, "\(name): \(worst)")
        }
    }
}
