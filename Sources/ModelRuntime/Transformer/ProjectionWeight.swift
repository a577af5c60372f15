import LinearAlgebra

/// One weight matrix used as a linear map `y = x · Wᵀ`: rows are decoded to F32 a tile at a time
/// into a reusable scratch and multiplied with OpenBLAS, so the checkpoint's storage (BF16,
/// quantised) is never converted whole; or, when the runtime chose to cache it, decoded once.
final class ProjectionWeight: @unchecked Sendable {
    /// The weight as the checkpoint stores it.
    let matrix: WeightMatrix
    /// The whole matrix as F32, when cached.
    private(set) var decoded: [Float]?

    /// Output features.
    var rows: Int { matrix.rows }
    /// Input features.
    var columns: Int { matrix.columns }
    /// Bytes the F32 copy takes.
    var decodedBytes: Int { matrix.rows * matrix.columns * 4 }

    init(_ matrix: WeightMatrix) { self.matrix = matrix }

    /// Decodes and keeps the whole matrix as F32.
    func cache() {
        guard decoded == nil else { return }
        let rows = matrix.rows
        let columns = matrix.columns
        var values = [Float](repeating: 0, count: rows * columns)
        values.withUnsafeMutableBufferPointer { buffer in
            let base = UncheckedSendable(buffer.baseAddress!)
            let decode = matrix.decodeRows
            Parallel.forEachPart(rows, minimum: 64) { part in decode(part, base.value + part.lowerBound * columns) }
        }
        decoded = values
    }

    /// `y[i, 0..<rows] = x[i, 0..<columns] · Wᵀ` for `count` input rows; `x` rows are `ldx` apart
    /// (0: `columns`), `y` rows `ldy` apart. `scratch` is the tile buffer (grown when too small for one row).
    func apply(
        _ x: UnsafePointer<Float>, count: Int, ldx: Int = 0, into y: UnsafeMutablePointer<Float>, ldy: Int,
        scratch: inout [Float]
    ) {
        let lda = ldx > 0 ? ldx : matrix.columns
        let rows = matrix.rows
        let columns = matrix.columns
        guard count > 0, rows > 0 else { return }
        if count == 1, let rowDot = matrix.rowDot {
            // One token: dot products on the stored type read fewer bytes than any F32 copy. Four parts
            // per core, claimed by whichever thread is free, so a descheduled worker delays a quarter of
            // its share rather than all of it (the machine is shared).
            let target = UncheckedSendable(y)
            Parallel.forEachPart(rows, threads: 4 * Parallel.defaultThreads, minimum: 64) { part in
                rowDot(part, x, target.value + part.lowerBound)
            }
            return
        }
        if let decoded {
            decoded.withUnsafeBufferPointer { w in
                LinearAlgebra.sgemm(
                    transposeB: true, m: count, n: rows, k: columns, a: x, lda: lda, b: w.baseAddress!,
                    ldb: columns, c: y, ldc: ldy)
            }
            return
        }
        if scratch.count < columns { scratch = [Float](repeating: 0, count: columns) }
        let tileRows = max(1, min(rows, scratch.count / max(columns, 1)))
        let decode = matrix.decodeRows
        scratch.withUnsafeMutableBufferPointer { tile in
            let base = UncheckedSendable(tile.baseAddress!)
            var start = 0
            while start < rows {
                let n = min(tileRows, rows - start)
                let first = start
                Parallel.forEachPart(n, minimum: 32) { part in
                    decode(
                        (first + part.lowerBound)..<(first + part.upperBound), base.value + part.lowerBound * columns)
                }
                LinearAlgebra.sgemm(
                    transposeB: true, m: count, n: n, k: columns, a: x, lda: lda, b: base.value, ldb: columns,
                    c: y + start, ldc: ldy)
                start += n
            }
        }
    }
}
