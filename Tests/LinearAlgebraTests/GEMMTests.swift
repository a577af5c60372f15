import Testing

@testable import LinearAlgebra

@Suite struct GEMMTests {
    func naive(_ a: Matrix, _ b: Matrix, transposeB: Bool) -> [Double] {
        let n = transposeB ? b.rows : b.columns
        var c = [Double](repeating: 0, count: a.rows * n)
        for i in 0..<a.rows {
            for j in 0..<n {
                var s = 0.0
                for p in 0..<a.columns {
                    s += Double(a[i, p]) * Double(transposeB ? b[j, p] : b[p, j])
                }
                c[i * n + j] = s
            }
        }
        return c
    }

    @Test(arguments: [(1, 1, 1), (3, 5, 7), (17, 33, 9), (64, 31, 130)])
    func matchesNaiveLoop(shape: (Int, Int, Int)) {
        let (m, n, k) = shape
        var random = TestRandom(seed: UInt64(m * 1000 + n * 10 + k))
        let a = Matrix(rows: m, columns: k, values: random.matrix(m, k))
        let b = Matrix(rows: k, columns: n, values: random.matrix(k, n))
        let c = LinearAlgebra.multiply(a, b)
        let expected = naive(a, b, transposeB: false)
        for (x, y) in zip(c.values, expected) { #expect(abs(Double(x) - y) <= 1e-5 * Double(k)) }
        let bt = b.transposed()
        let ct = LinearAlgebra.multiply(a, bt, transposeB: true)
        for (x, y) in zip(ct.values, expected) { #expect(abs(Double(x) - y) <= 1e-5 * Double(k)) }
    }

    @Test func alphaBetaAccumulate() {
        let a = Matrix(rows: 2, columns: 2, values: [1, 2, 3, 4])
        let b = Matrix(rows: 2, columns: 2, values: [1, 0, 0, 1])
        var c = Matrix(rows: 2, columns: 2, repeating: 1)
        LinearAlgebra.sgemm(a, b, alpha: 2, beta: 3, into: &c)
        #expect(c.values == [5, 7, 9, 11])
    }

    @Test func emptyInnerDimensionGivesZeros() {
        let a = Matrix(rows: 2, columns: 0)
        let b = Matrix(rows: 0, columns: 3)
        #expect(LinearAlgebra.multiply(a, b) == Matrix(rows: 2, columns: 3))
        #expect(LinearAlgebra.multiply(Matrix(rows: 0, columns: 4), Matrix(rows: 4, columns: 2)).rows == 0)
    }

    @Test func normalizeRowsReportsZeroRows() {
        var m = Matrix(rows: 3, columns: 2, values: [3, 4, 0, 0, -1e-20, 0])
        let zero = m.normalizeRows()
        #expect(zero == [1])
        #expect(abs(m[0, 0] - 0.6) < 1e-7 && abs(m[0, 1] - 0.8) < 1e-7)
        #expect(m[1, 0] == 0 && m[1, 1] == 0)
        #expect(m[2, 0] == -1)  // tiny but non-zero rows still normalise
    }

    @Test func scaleColumns() {
        var m = Matrix(rows: 2, columns: 2, values: [1, 2, 3, 4])
        m.scaleColumns(by: [2, -1])
        #expect(m.values == [2, -2, 6, -4])
    }
}
