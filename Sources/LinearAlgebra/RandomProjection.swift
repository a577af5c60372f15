import CVectorKernels
import Dispatch

/// A seeded random orthonormal projection from `inputDimension` to `outputDimension` dimensions,
/// used to find match candidates cheaply (approximate matching): a subsampled randomized Hadamard
/// transform (SRHT). A row is zero-padded to P = the next power of two ≥ D, its coordinates get seeded
/// random signs, a fast Walsh–Hadamard transform mixes them, and d seeded coordinates of the result are
/// kept. (1/√P)·H·S is orthogonal, so the kept coordinates are an orthonormal projection onto a random
/// d-dimensional subspace in which any direction is spread over all coordinates.
///
/// Why this and not a dense Gaussian matrix or PCA: it costs P·log₂P additions per row instead of D·d
/// multiply-adds (≈ 25× fewer for Gemma's 2304 → 256; the dense product cost about a third of the reduced
/// product itself); it needs no fitting (PCA would need a D×D covariance per pair, about as costly as
/// the reduced product, and an eigensolver CBLAS lacks); one projection serves every SAE, so reduced
/// cosines between positions are comparable; and its error is known in advance: for unit rows with
/// cosine ρ the reduced cosine has standard deviation ≈ (1 − ρ²)·√((P − d)/(P·d)), as for a random
/// orthonormal projection (≈ 0.061 at P = 4096, d = 256). The exact cosine of every candidate is
/// recomputed afterwards, so the projection only decides which pairs are scored.
///
/// Deterministic: each row's result depends on that row alone (additions and subtractions in a fixed
/// order, then normalisation), so slices, threads and machines give bit-identical rows.
public struct RandomProjection: Sendable, Equatable {
    /// D, the width of the rows projected.
    public let inputDimension: Int
    /// d, the width of the projected rows.
    public let outputDimension: Int
    /// The seed.
    public let seed: UInt64
    /// P, the transform length (a power of two ≥ D).
    public let transformLength: Int
    /// The sign (±1) applied to each input coordinate.
    public let signs: [Float]
    /// The transform coordinates kept, ascending (`outputDimension` of them, distinct, < P).
    public let kept: [Int]

    /// A projection; `outputDimension` is clamped to `inputDimension`.
    public init(inputDimension: Int, outputDimension: Int, seed: UInt64) {
        precondition(inputDimension > 0 && outputDimension > 0, "projection dimensions must be positive")
        let d = min(outputDimension, inputDimension)
        var length = 1
        while length < inputDimension { length *= 2 }
        self.inputDimension = inputDimension
        self.outputDimension = d
        self.seed = seed
        transformLength = length
        var random = SplitMix64(seed: seed)
        signs = (0..<inputDimension).map { _ in random.next() & 1 == 0 ? 1 : -1 }
        // A seeded partial Fisher–Yates shuffle picks d distinct coordinates.
        var order = Array(0..<length)
        for i in 0..<d {
            let j = i + Int(random.next() % UInt64(length - i))
            order.swapAt(i, j)
        }
        kept = order.prefix(d).sorted()
    }

    /// The projected rows of `rows`, each normalised to unit length (zero rows stay zero), computed over
    /// `threads` workers (the result does not depend on their number).
    public func project(_ rows: Matrix, threads: Int = max(1, LinearAlgebra.openBLASThreads)) -> Matrix {
        precondition(rows.columns == inputDimension, "rows must be \(inputDimension)-d")
        var result = Matrix(rows: rows.rows, columns: outputDimension)
        guard rows.rows > 0 else { return result }
        let (n, d, length) = (inputDimension, outputDimension, transformLength)
        rows.values.withUnsafeBufferPointer { input in
            signs.withUnsafeBufferPointer { signs in
                kept.withUnsafeBufferPointer { kept in
                    result.values.withUnsafeMutableBufferPointer { output in
                        let shared = UncheckedSendable(
                            (
                                input: input.baseAddress!, signs: signs.baseAddress!, kept: kept.baseAddress!,
                                output: output.baseAddress!
                            ))
                        Parallel.forEachPart(rows.rows, threads: threads, minimum: 64) { part in
                            let buffer = UnsafeMutablePointer<Float>.allocate(capacity: length)
                            defer { buffer.deallocate() }
                            for r in part {
                                let x = shared.value.input + r * n
                                for c in 0..<n { buffer[c] = x[c] * shared.value.signs[c] }
                                for c in n..<length { buffer[c] = 0 }
                                ff_walsh_hadamard(buffer, length)
                                let y = shared.value.output + r * d
                                for c in 0..<d { y[c] = buffer[shared.value.kept[c]] }
                            }
                        }
                    }
                }
            }
        }
        result.normalizeRows()
        return result
    }
}
