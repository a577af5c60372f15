import Testing

@testable import LinearAlgebra

@Suite struct TopKTests {
    /// Reference: sort (value desc, index asc), keep k.
    func reference(_ row: [Float], k: Int) -> [Int] {
        let order = row.indices.filter { !row[$0].isNaN }.sorted {
            row[$0] != row[$1] ? row[$0] > row[$1] : $0 < $1
        }
        return Array(order.prefix(k))
    }

    @Test func keepsBestOfEachRowBestFirst() {
        let tile = Matrix(rows: 2, columns: 5, values: [0.1, 0.9, -0.3, 0.5, 0.7, 1, 2, 3, 4, 5])
        var acc = TopKAccumulator(rows: 2, k: 3)
        acc.absorbRows(of: tile, rowOffset: 0, columnOffset: 0)
        #expect(acc.best(row: 0).map(\.index) == [1, 4, 3])
        #expect(acc.best(row: 0).map(\.value) == [0.9, 0.7, 0.5])
        #expect(acc.best(row: 1).map(\.index) == [4, 3, 2])
    }

    @Test func kLargerThanCandidates() {
        var acc = TopKAccumulator(rows: 1, k: 10)
        acc.absorbRows(of: Matrix(rows: 1, columns: 3, values: [0.2, 0.3, 0.1]), rowOffset: 0, columnOffset: 0)
        #expect(acc.count(row: 0) == 3)
        #expect(acc.best(row: 0).map(\.index) == [1, 0, 2])
    }

    @Test func tiesGoToLowerIndexWhateverTheOrder() {
        // Candidates arrive in two tiles, higher indices first.
        var acc = TopKAccumulator(rows: 1, k: 2)
        acc.absorbRows(of: Matrix(rows: 1, columns: 3, values: [0.5, 0.5, 0.5]), rowOffset: 0, columnOffset: 3)
        acc.absorbRows(of: Matrix(rows: 1, columns: 3, values: [0.1, 0.5, 0.5]), rowOffset: 0, columnOffset: 0)
        #expect(acc.best(row: 0).map(\.index) == [1, 2])
    }

    @Test func nanIsNeverKept() {
        var acc = TopKAccumulator(rows: 1, k: 3)
        acc.absorbRows(
            of: Matrix(rows: 1, columns: 4, values: [.nan, 0.2, .nan, -.infinity]), rowOffset: 0, columnOffset: 0)
        #expect(acc.best(row: 0).map(\.index) == [1, 3])
        #expect(!acc.values.prefix(2).contains { $0.isNaN })
    }

    @Test func wideRowsWithNaNAndTiesUseTheBlockPathCorrectly() {
        var random = TestRandom(seed: 21)
        var values = (0..<(3 * 37)).map { _ in (random.float() * 4).rounded() / 4 }
        for i in stride(from: 0, to: values.count, by: 5) { values[i] = .nan }
        let m = Matrix(rows: 3, columns: 37, values: values)
        var rows = TopKAccumulator(rows: 3, k: 4)
        rows.absorbRows(of: m, rowOffset: 0, columnOffset: 0)
        for r in 0..<3 {
            #expect(rows.best(row: r).map(\.index) == reference(Array(values[(r * 37)..<((r + 1) * 37)]), k: 4))
        }
        var columns = TopKAccumulator(rows: 3, k: 2)
        columns.absorbColumns(of: m.transposed(), rowOffset: 0, columnOffset: 0)
        for r in 0..<3 {
            #expect(columns.best(row: r).map(\.index) == reference(Array(values[(r * 37)..<((r + 1) * 37)]), k: 2))
        }
    }

    @Test func oneByOneAndEmpty() {
        var one = TopKAccumulator(rows: 1, k: 1)
        one.absorbRows(of: Matrix(rows: 1, columns: 1, values: [-0.0]), rowOffset: 0, columnOffset: 7)
        #expect(one.best(row: 0).map(\.index) == [7])
        var empty = TopKAccumulator(rows: 0, k: 5)
        empty.absorbRows(of: Matrix(rows: 0, columns: 4), rowOffset: 0, columnOffset: 0)
        #expect(empty.values.isEmpty)
        var none = TopKAccumulator(rows: 2, k: 0)
        none.absorbRows(of: Matrix(rows: 2, columns: 2, values: [1, 2, 3, 4]), rowOffset: 0, columnOffset: 0)
        #expect(none.count(row: 1) == 0)
        let noCandidates = TopKProduct.topK(Matrix(rows: 3, columns: 4), Matrix(rows: 0, columns: 4), k: 2)
        #expect(noCandidates.count(row: 2) == 0)
    }

    @Test func randomRowsMatchSortReference() {
        var random = TestRandom(seed: 42)
        for k in [1, 3, 8] {
            let values = (0..<(7 * 50)).map { _ in (random.float() * 8).rounded() / 8 }  // many ties
            var acc = TopKAccumulator(rows: 7, k: k)
            // Feed in three column tiles out of order.
            for (lo, hi) in [(30, 50), (0, 13), (13, 30)] {
                var tile = Matrix(rows: 7, columns: hi - lo)
                for r in 0..<7 { for j in lo..<hi { tile[r, j - lo] = values[r * 50 + j] } }
                acc.absorbRows(of: tile, rowOffset: 0, columnOffset: lo)
            }
            for r in 0..<7 {
                #expect(acc.best(row: r).map(\.index) == reference(Array(values[(r * 50)..<((r + 1) * 50)]), k: k))
            }
        }
    }

    @Test func columnsEqualRowsOfTranspose() {
        var random = TestRandom(seed: 9)
        let m = Matrix(rows: 13, columns: 11, values: random.matrix(13, 11))
        var byColumns = TopKAccumulator(rows: 11, k: 4)
        byColumns.absorbColumns(of: m.rows(0..<6), rowOffset: 0, columnOffset: 0)
        byColumns.absorbColumns(of: m.rows(6..<13), rowOffset: 6, columnOffset: 0)
        var byRows = TopKAccumulator(rows: 11, k: 4)
        byRows.absorbRows(of: m.transposed(), rowOffset: 0, columnOffset: 0)
        #expect(byColumns == byRows)
    }

    @Test(arguments: [(1, 1), (3, 2), (1000, 4096), (5, 7)])
    func tiledProductEqualsUntiled(tiles: (Int, Int)) {
        var random = TestRandom(seed: 3)
        let a = Matrix(rows: 37, columns: 19, values: random.matrix(37, 19))
        let b = Matrix(rows: 53, columns: 19, values: random.matrix(53, 19))
        let full = LinearAlgebra.multiply(a, b, transposeB: true)
        var expected = TopKAccumulator(rows: 37, k: 5)
        expected.absorbRows(of: full, rowOffset: 0, columnOffset: 0)
        var expectedColumns = TopKAccumulator(rows: 53, k: 5)
        expectedColumns.absorbColumns(of: full, rowOffset: 0, columnOffset: 0)
        let kernel = TopKProduct(tileRows: tiles.0, tileColumns: tiles.1)
        var rows = TopKAccumulator(rows: 37, k: 5)
        var columns: TopKAccumulator? = TopKAccumulator(rows: 53, k: 5)
        kernel.accumulate(a: a, b: b, rowTopK: &rows, columnTopK: &columns)
        #expect(rows.indices == expected.indices)
        #expect(columns?.indices == expectedColumns.indices)
        for (x, y) in zip(rows.values, expected.values) { #expect(abs(x - y) < 1e-5) }
        #expect(kernel.flops == 2 * 37 * 53 * 19)
    }
}
