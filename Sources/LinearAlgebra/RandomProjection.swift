#if canImport(Glibc)
    import Glibc
#endif

/// A seeded random orthonormal projection from `inputDimension` to `outputDimension` dimensions,
/// used to find match candidates cheaply (approximate matching).
///
/// Why a random projection rather than PCA: it needs no fitting (PCA would have to be fitted on
/// both decoders of every pair — a D×D covariance product about as costly as the reduced product
/// itself, plus an eigensolver CBLAS does not provide), the same projection serves every SAE so
/// reduced cosines between any two positions are comparable, and its error is known in advance:
/// for unit rows with cosine ρ, the cosine of the normalised projected rows has standard
/// deviation ≈ (1 − ρ²)·√((D − d)/(D·d)) (Johnson–Lindenstrauss with orthonormal columns, which
/// shrink the variance of a Gaussian projection by (D − d)/D). The exact cosine of every
/// candidate is recomputed afterwards, so the projection only decides which pairs are scored.
///
/// Deterministic: the same (dimensions, seed) give bit-identical matrices on every machine
/// (SplitMix64 + Box–Muller and modified Gram–Schmidt, all in Double).
public struct RandomProjection: Sendable, Equatable {
    /// D, the width of the rows projected.
    public let inputDimension: Int
    /// d, the width of the projected rows.
    public let outputDimension: Int
    /// The seed.
    public let seed: UInt64
    /// `inputDimension × outputDimension`, orthonormal columns.
    public let matrix: Matrix

    /// A projection; `outputDimension` is clamped to `inputDimension`.
    public init(inputDimension: Int, outputDimension: Int, seed: UInt64) {
        precondition(inputDimension > 0 && outputDimension > 0, "projection dimensions must be positive")
        let d = min(outputDimension, inputDimension)
        let n = inputDimension
        self.inputDimension = n
        self.outputDimension = d
        self.seed = seed
        var state = seed
        func uniform() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return (Double(z >> 11) + 0.5) / Double(1 << 53)
        }
        // Columns as rows of `basis` (d × n), Gaussian, then orthonormalised.
        var basis = [Double](repeating: 0, count: d * n)
        var i = 0
        while i < basis.count {
            let r = (-2 * log(uniform())).squareRoot()
            let t = 2 * Double.pi * uniform()
            basis[i] = r * cos(t)
            if i + 1 < basis.count { basis[i + 1] = r * sin(t) }
            i += 2
        }
        basis.withUnsafeMutableBufferPointer { b in
            for c in 0..<d {
                let v = b.baseAddress! + c * n
                for p in 0..<c {
                    let u = b.baseAddress! + p * n
                    var dot = 0.0
                    for j in 0..<n { dot += u[j] * v[j] }
                    for j in 0..<n { v[j] -= dot * u[j] }
                }
                var norm = 0.0
                for j in 0..<n { norm += v[j] * v[j] }
                let scale = 1 / norm.squareRoot()
                for j in 0..<n { v[j] *= scale }
            }
        }
        var values = [Float](repeating: 0, count: n * d)
        for c in 0..<d {
            for j in 0..<n { values[j * d + c] = Float(basis[c * n + j]) }
        }
        matrix = Matrix(rows: n, columns: d, values: values)
    }

    /// `rows · P` with every row normalised to unit length (zero rows stay zero). The product is made
    /// in blocks of `block` rows aligned at multiples of `block` from `firstRow` (the absolute index of
    /// `rows`' first row), so projecting a slice gives bit-identical rows to projecting the whole.
    public func project(_ rows: Matrix, firstRow: Int = 0, block: Int = 1024) -> Matrix {
        precondition(rows.columns == inputDimension, "rows must be \(inputDimension)-d")
        precondition(block > 0, "block must be positive")
        var result = Matrix(rows: rows.rows, columns: outputDimension)
        let d = outputDimension
        let n = inputDimension
        rows.values.withUnsafeBufferPointer { a in
            matrix.values.withUnsafeBufferPointer { p in
                result.values.withUnsafeMutableBufferPointer { c in
                    var start = 0
                    while start < rows.rows {
                        let absolute = firstRow + start
                        let end = min(rows.rows, (absolute / block + 1) * block - firstRow)
                        LinearAlgebra.rawSGEMM(
                            transposeA: false, transposeB: false, m: end - start, n: d, k: n, alpha: 1,
                            a: a.baseAddress! + start * n, lda: n, b: p.baseAddress, ldb: d, beta: 0,
                            c: c.baseAddress! + start * d, ldc: d)
                        start = end
                    }
                }
            }
        }
        result.normalizeRows()
        return result
    }
}
