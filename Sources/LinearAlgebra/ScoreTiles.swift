/// The tiling both top-k product kernels share (`TopKProduct` for float products, `SketchProduct` for
/// sketch scores): one scratch tile of `tileRows × tileColumns` scores, walked over the rows of A and a
/// range of rows of B; each tile is offered to the row and column top-k right after it is filled, while it
/// is still in cache. Tiles go in the same order whatever fills them, so results do not depend on it.
struct ScoreTiles {
    /// Rows of A per tile.
    let tileRows: Int
    /// Rows of B per tile (columns of the scratch tile).
    let tileColumns: Int
    /// Seconds spent filling tiles so far.
    private(set) var fillSeconds: Double = 0
    /// Seconds spent selecting top-k so far.
    private(set) var selectSeconds: Double = 0
    private var scratch: [Float]

    /// Tiles of `tileRows` rows of A by `tileColumns` rows of B (both ≥ 1).
    init(tileRows: Int, tileColumns: Int) {
        precondition(tileRows > 0 && tileColumns > 0, "tile sizes must be positive")
        self.tileRows = tileRows
        self.tileColumns = tileColumns
        scratch = [Float](repeating: 0, count: tileRows * tileColumns)
    }

    /// For every tile of `aRows` rows of A by the rows `bRange` of B: `fill(aStart, m, bStart, n, tile)` writes
    /// the m × n scores (row stride n), which are then offered to `rowTopK` (candidate = `candidateOffset` +
    /// row of B − `bRange.lowerBound`) and `columnTopK` (at the same offset, candidate = row of A) when given.
    /// `tiled(m, n)` is called once a tile (for counters).
    mutating func walk(
        aRows: Int, bRange: Range<Int>, candidateOffset: Int, threads: Int, rowTopK: inout TopKAccumulator?,
        columnTopK: inout TopKAccumulator?, fill: (Int, Int, Int, Int, UnsafeMutablePointer<Float>) -> Void,
        tiled: (Int, Int) -> Void
    ) {
        var fillTime = 0.0
        var selectTime = 0.0
        let (tileRows, tileColumns) = (self.tileRows, self.tileColumns)
        scratch.withUnsafeMutableBufferPointer { pc in
            var bStart = bRange.lowerBound
            while bStart < bRange.upperBound {
                let n = min(tileColumns, bRange.upperBound - bStart)
                let columnOffset = candidateOffset + (bStart - bRange.lowerBound)
                var aStart = 0
                while aStart < aRows {
                    let m = min(tileRows, aRows - aStart)
                    let t0 = TopKProduct.now()
                    fill(aStart, m, bStart, n, pc.baseAddress!)
                    let t1 = TopKProduct.now()
                    if rowTopK != nil {
                        rowTopK!.absorbRows(
                            pc.baseAddress, rows: m, columns: n, stride: n, rowOffset: aStart,
                            columnOffset: columnOffset, threads: threads)
                    }
                    if columnTopK != nil {
                        columnTopK!.absorbColumns(
                            pc.baseAddress, rows: m, columns: n, stride: n, rowOffset: aStart,
                            columnOffset: columnOffset, threads: threads)
                    }
                    fillTime += t1 - t0
                    selectTime += TopKProduct.now() - t1
                    tiled(m, n)
                    aStart += m
                }
                bStart += n
            }
        }
        fillSeconds += fillTime
        selectSeconds += selectTime
    }
}
