#if canImport(Glibc)
    import Glibc
#endif

/// Top-k of the rows (and optionally the columns) of `A · Bᵀ`, computed tile by tile with sgemm
/// so the full product is never materialised: each `tileRows × tileColumns` block is scanned for
/// the k best of its rows and columns right after it is produced, while it is still in cache.
///
/// Memory: one scratch tile of `tileRows × tileColumns` floats, whatever the operand sizes.
/// Exactness: every product element is offered, so the result is the exact top-k of the F32
/// product (ties by lower index, see `TopKAccumulator`).
public final class TopKProduct {
    /// Rows of `A` per sgemm call.
    public var tileRows: Int { tiles.tileRows }
    /// Rows of `B` per sgemm call (columns of the scratch tile).
    public var tileColumns: Int { tiles.tileColumns }
    /// Seconds spent inside sgemm so far.
    public var gemmSeconds: Double { tiles.fillSeconds }
    /// Seconds spent selecting top-k so far.
    public var selectSeconds: Double { tiles.selectSeconds }
    /// Floating-point operations performed by sgemm so far (2·m·n·k per call).
    public private(set) var flops: Double = 0
    /// Threads that select top-k from each tile (disjoint rows or columns; results do not depend on it).
    public var selectThreads: Int = max(1, LinearAlgebra.openBLASThreads)
    private var tiles: ScoreTiles

    /// A kernel with tiles of `tileRows` rows of A by `tileColumns` rows of B (both ≥ 1).
    public init(tileRows: Int = 1024, tileColumns: Int = 4096) {
        tiles = ScoreTiles(tileRows: tileRows, tileColumns: tileColumns)
    }

    /// Offers every dot product of a row of `a` with a row in `bRows` of `b`: to `rowTopK` (one row per
    /// row of `a`, candidate = `bOffset + ` row of `b` − `bRows.lowerBound`) and, when given, to
    /// `columnTopK` (one row per candidate, i.e. at `bOffset + …`, candidate = row of `a`).
    public func accumulate(
        a: Matrix, b: Matrix, bRows: Range<Int>? = nil, bOffset: Int? = nil,
        rowTopK: inout TopKAccumulator, columnTopK: inout TopKAccumulator?
    ) {
        accumulate(a: a, b: b, bRows: bRows, bOffset: bOffset, rows: true, rowTopK: &rowTopK, columnTopK: &columnTopK)
    }

    /// Like `accumulate(a:b:bRows:bOffset:rowTopK:columnTopK:)` with column top-k only: offers every
    /// dot product of a row in `bRows` of `b` with the rows of `a` to `columnTopK` (one row per row of
    /// `b`, at `bOffset + …`). The sgemm calls are the same, so the values are bit-identical.
    public func accumulateColumns(
        a: Matrix, b: Matrix, bRows: Range<Int>? = nil, bOffset: Int? = nil, columnTopK: inout TopKAccumulator
    ) {
        var none = TopKAccumulator(rows: 0, k: 0)
        var columns: TopKAccumulator? = columnTopK
        columnTopK = TopKAccumulator(rows: 0, k: 0)
        accumulate(a: a, b: b, bRows: bRows, bOffset: bOffset, rows: false, rowTopK: &none, columnTopK: &columns)
        columnTopK = columns!
    }

    func accumulate(
        a: Matrix, b: Matrix, bRows: Range<Int>?, bOffset: Int?, rows absorbRows: Bool,
        rowTopK: inout TopKAccumulator, columnTopK: inout TopKAccumulator?
    ) {
        let range = bRows ?? 0..<b.rows
        let offset = bOffset ?? range.lowerBound
        precondition(a.columns == b.columns, "A and B must have the same width (\(a.columns) vs \(b.columns))")
        precondition(!absorbRows || rowTopK.rows == a.rows, "row accumulator must have one row per row of A")
        precondition(range.lowerBound >= 0 && range.upperBound <= b.rows, "B row range out of bounds")
        let width = a.columns
        var rows: TopKAccumulator? = nil
        if absorbRows {  // moved out and back, so the accumulator is never copied
            rows = rowTopK
            rowTopK = TopKAccumulator(rows: 0, k: 0)
        }
        var flops = 0.0
        a.values.withUnsafeBufferPointer { pa in
            b.values.withUnsafeBufferPointer { pb in
                tiles.walk(
                    aRows: a.rows, bRange: range, candidateOffset: offset, threads: selectThreads, rowTopK: &rows,
                    columnTopK: &columnTopK,
                    fill: { aStart, m, bStart, n, tile in
                        LinearAlgebra.rawSGEMM(
                            transposeA: false, transposeB: true, m: m, n: n, k: width, alpha: 1,
                            a: pa.baseAddress.map { $0 + aStart * width }, lda: max(width, 1),
                            b: pb.baseAddress.map { $0 + bStart * width }, ldb: max(width, 1),
                            beta: 0, c: tile, ldc: n)
                    }, tiled: { m, n in flops += 2 * Double(m) * Double(n) * Double(width) })
            }
        }
        if let rows { rowTopK = rows }
        self.flops += flops
    }

    /// The exact top-k of every row of `a · bᵀ` (a convenience over `accumulate`).
    public static func topK(
        _ a: Matrix, _ b: Matrix, k: Int, tileRows: Int = 1024, tileColumns: Int = 4096
    ) -> TopKAccumulator {
        let kernel = TopKProduct(tileRows: tileRows, tileColumns: tileColumns)
        var rows = TopKAccumulator(rows: a.rows, k: k)
        var columns: TopKAccumulator? = nil
        kernel.accumulate(a: a, b: b, rowTopK: &rows, columnTopK: &columns)
        return rows
    }

    /// Monotonic seconds (for timings).
    public static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}
