import Foundation
import LinearAlgebra
import ModelRuntime

/// The FLOP limit of a forward pass: plain OpenBLAS sgemm over the shapes of every projection of
/// a model (q, k, v, o, gate, up, down per layer, then the output head) for `rows` tokens, with
/// `y = x · Wᵀ` as the runtime computes it. `stacked`: q;k;v and gate;up as one product each, the
/// shapes the runtime issues (the same FLOPs).
final class PlainProducts {
    let rows: Int
    /// (output, input) features of each product, in order.
    let shapes: [(Int, Int)]
    private var x: [Float]
    private var w: [Float]
    private var y: [Float]

    init(config: ModelConfig, vocabulary: Int, rows: Int, stacked: Bool = false) {
        self.rows = rows
        let d = config.modelDimension
        let q = config.headCount * config.headDimension
        let kv = config.keyValueHeadCount * config.headDimension
        let ff = config.feedForwardDimension
        let layer =
            stacked
            ? [(q + 2 * kv, d), (d, q), (2 * ff, d), (d, ff)]
            : [(q, d), (kv, d), (kv, d), (d, q), (ff, d), (ff, d), (d, ff)]
        shapes = Array(repeating: layer, count: config.layerCount).flatMap { $0 } + [(vocabulary, d)]
        let widest = shapes.map { max($0.0, $0.1) }.max() ?? 1
        let largest = shapes.map { $0.0 * $0.1 }.max() ?? 1
        x = (0..<(rows * widest)).map { Float($0 % 97) / 97 - 0.5 }
        w = (0..<largest).map { Float($0 % 89) / 89 - 0.5 }
        y = [Float](repeating: 0, count: rows * (shapes.map(\.0).max() ?? 1))
    }

    /// Floating-point operations of one pass.
    var flops: Double { shapes.reduce(0) { $0 + 2 * Double(rows * $1.0 * $1.1) } }

    /// Seconds for one pass over every shape.
    func run() -> Double {
        let rows = rows
        let shapes = shapes
        let start = RuntimeBenchModel.now()
        x.withUnsafeBufferPointer { x in
            w.withUnsafeBufferPointer { w in
                y.withUnsafeMutableBufferPointer { y in
                    for (output, input) in shapes {
                        LinearAlgebra.sgemm(
                            transposeB: true, m: rows, n: output, k: input, a: x.baseAddress!, lda: input,
                            b: w.baseAddress!, ldb: input, c: y.baseAddress!, ldc: output)
                    }
                }
            }
        }
        return RuntimeBenchModel.now() - start
    }
}
