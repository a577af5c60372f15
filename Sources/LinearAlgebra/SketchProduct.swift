import CVectorKernels

/// Top-k of the rows (and optionally the columns) of the sketch-score matrix of two sets of sign
/// sketches, tile by tile (like `TopKProduct` for float products): each `tileRows × tileColumns` block
/// of scores (`ff_sketch_scores`, integer-valued, so the same on every path and blocking) is scanned for
/// the k best of its rows and columns right after it is produced. Ties go to the lower index.
public final class SketchProduct {
    /// Rows of `a` per tile.
    public let tileRows: Int
    /// Rows of `b` per tile (columns of the scratch tile).
    public let tileColumns: Int
    /// Seconds spent computing scores so far.
    public private(set) var scoreSeconds: Double = 0
    /// Seconds spent selecting top-k so far.
    public private(set) var selectSeconds: Double = 0
    /// Pairs scored so far.
    public private(set) var pairs: Double = 0
    /// Worker threads (results do not depend on their number).
    public var threads: Int = max(1, LinearAlgebra.openBLASThreads)
    private var scratch: [Float]

    /// A kernel with tiles of `tileRows` rows of `a` by `tileColumns` rows of `b` (both ≥ 1).
    public init(tileRows: Int = 1024, tileColumns: Int = 4096) {
        precondition(tileRows > 0 && tileColumns > 0, "tile sizes must be positive")
        self.tileRows = tileRows
        self.tileColumns = tileColumns
        scratch = [Float](repeating: 0, count: tileRows * tileColumns)
    }

    /// Offers every sketch score of a row of `a` with a row of `b`: to `rowTopK` (one row per row of `a`,
    /// candidate = `bOffset +` row of `b`) when given, and to `columnTopK` (one row per row of `b`, at
    /// `bOffset + …`, candidate = row of `a`) when given.
    public func accumulate(
        a: SignSketch, b: SignSketch, bOffset: Int = 0, rowTopK: inout TopKAccumulator?,
        columnTopK: inout TopKAccumulator?
    ) {
        precondition(a.words == b.words, "sketches must have the same width")
        precondition(rowTopK.map { $0.rows == a.rows } ?? true, "row accumulator must have one row per row of a")
        let words = a.words
        let threads = self.threads
        a.values.withUnsafeBufferPointer { pa in
            b.values.withUnsafeBufferPointer { pb in
                scratch.withUnsafeMutableBufferPointer { pc in
                    var bStart = 0
                    while bStart < b.rows {
                        let n = min(tileColumns, b.rows - bStart)
                        var aStart = 0
                        while aStart < a.rows {
                            let m = min(tileRows, a.rows - aStart)
                            let t0 = TopKProduct.now()
                            let shared = UncheckedSendable(
                                (
                                    a: pa.baseAddress! + aStart * words, b: pb.baseAddress! + bStart * words,
                                    c: pc.baseAddress!
                                ))
                            Parallel.forEachPart(m, threads: threads, minimum: 16) { part in
                                ff_sketch_scores(
                                    shared.value.a + part.lowerBound * words, part.count, shared.value.b, n, words,
                                    shared.value.c + part.lowerBound * n, n)
                            }
                            let t1 = TopKProduct.now()
                            if rowTopK != nil {
                                rowTopK!.absorbRows(
                                    pc.baseAddress, rows: m, columns: n, stride: n, rowOffset: aStart,
                                    columnOffset: bOffset + bStart, threads: threads)
                            }
                            if columnTopK != nil {
                                columnTopK!.absorbColumns(
                                    pc.baseAddress, rows: m, columns: n, stride: n, rowOffset: aStart,
                                    columnOffset: bOffset + bStart, threads: threads)
                            }
                            scoreSeconds += t1 - t0
                            selectSeconds += TopKProduct.now() - t1
                            pairs += Double(m) * Double(n)
                            aStart += m
                        }
                        bStart += n
                    }
                }
            }
        }
    }
}
