import CVectorKernels

/// Top-k of the rows (and optionally the columns) of the sketch-score matrix of two sets of sign
/// sketches, tile by tile (like `TopKProduct` for float products): each `tileRows × tileColumns` block
/// of scores (`ff_sketch_scores`, integer-valued, so the same on every path and blocking) is scanned for
/// the k best of its rows and columns right after it is produced. Ties go to the lower index.
public final class SketchProduct {
    /// Rows of `a` per tile.
    public var tileRows: Int { tiles.tileRows }
    /// Rows of `b` per tile (columns of the scratch tile).
    public var tileColumns: Int { tiles.tileColumns }
    /// Seconds spent computing scores so far.
    public var scoreSeconds: Double { tiles.fillSeconds }
    /// Seconds spent selecting top-k so far.
    public var selectSeconds: Double { tiles.selectSeconds }
    /// Pairs scored so far.
    public private(set) var pairs: Double = 0
    /// Worker threads (results do not depend on their number).
    public var threads: Int = max(1, LinearAlgebra.openBLASThreads)
    private var tiles: ScoreTiles

    /// A kernel with tiles of `tileRows` rows of `a` by `tileColumns` rows of `b` (both ≥ 1).
    public init(tileRows: Int = 1024, tileColumns: Int = 4096) {
        tiles = ScoreTiles(tileRows: tileRows, tileColumns: tileColumns)
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
        var pairs = 0.0
        a.values.withUnsafeBufferPointer { pa in
            b.values.withUnsafeBufferPointer { pb in
                tiles.walk(
                    aRows: a.rows, bRange: 0..<b.rows, candidateOffset: bOffset, threads: threads, rowTopK: &rowTopK,
                    columnTopK: &columnTopK,
                    fill: { aStart, m, bStart, n, tile in
                        let shared = UncheckedSendable(
                            (a: pa.baseAddress! + aStart * words, b: pb.baseAddress! + bStart * words, c: tile))
                        Parallel.forEachPart(m, threads: threads, minimum: 16) { part in
                            ff_sketch_scores(
                                shared.value.a + part.lowerBound * words, part.count, shared.value.b, n, words,
                                shared.value.c + part.lowerBound * n, n)
                        }
                    }, tiled: { m, n in pairs += Double(m) * Double(n) })
            }
        }
        self.pairs += pairs
    }
}
