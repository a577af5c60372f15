import CVectorKernels
import Testing

@testable import LinearAlgebra

@Suite struct RandomProjectionTests {
    /// The projection as a dense D × d matrix, by projecting the unit vectors (before normalisation).
    func denseMatrix(_ p: RandomProjection) -> [[Double]] {
        (0..<p.inputDimension).map { i in
            var e = [Float](repeating: 0, count: p.transformLength)
            e[i] = p.signs[i]
            ff_walsh_hadamard(&e, e.count)
            return p.kept.map { Double(e[$0]) / Double(p.transformLength).squareRoot() }
        }
    }

    @Test func isAnOrthonormalProjectionAndSeeded() {
        let p = RandomProjection(inputDimension: 50, outputDimension: 12, seed: 3)
        #expect(p.transformLength == 64)
        #expect(p.kept.count == 12 && Set(p.kept).count == 12 && p.kept == p.kept.sorted())
        #expect(p.kept.allSatisfy { $0 >= 0 && $0 < 64 })
        // Columns of the implied 50 × 12 matrix: orthogonal; each of norm² 50/64 (the share of the padded
        // 64-d rotation that falls on the 50 real coordinates, on average).
        let m = denseMatrix(p)
        for i in 0..<12 {
            for j in 0..<12 where i != j {
                let dot = (0..<50).reduce(0.0) { $0 + m[$1][i] * m[$1][j] }
                #expect(abs(dot) < 0.5, "columns \(i), \(j) far from orthogonal: \(dot)")
            }
        }
        #expect(RandomProjection(inputDimension: 50, outputDimension: 12, seed: 3) == p)
        #expect(RandomProjection(inputDimension: 50, outputDimension: 12, seed: 4) != p)
        #expect(RandomProjection(inputDimension: 8, outputDimension: 12, seed: 3).outputDimension == 8)
    }

    @Test func projectsEachRowAloneIntoUnitRows() {
        var random = TestRandom(seed: 5)
        let rows = Matrix(rows: 300, columns: 20, values: random.matrix(300, 20))
        let p = RandomProjection(inputDimension: 20, outputDimension: 6, seed: 1)
        let whole = p.project(rows, threads: 2)
        #expect(p.project(rows.rows(123..<300), threads: 1).values == Array(whole.values[(123 * 6)...]))
        let m = denseMatrix(p)
        for r in 0..<whole.rows {
            let norm = whole.row(r).reduce(Float(0)) { $0 + $1 * $1 }
            #expect(abs(norm - 1) < 1e-5)
            // Equal, up to normalisation, to the dense matrix applied to the row.
            let y = (0..<6).map { c in (0..<20).reduce(0.0) { $0 + Double(rows[r, $1]) * m[$1][c] } }
            let length = y.reduce(0.0) { $0 + $1 * $1 }.squareRoot()
            for c in 0..<6 { #expect(abs(Double(whole[r, c]) - y[c] / length) < 1e-4) }
        }
        #expect(p.project(Matrix(rows: 1, columns: 20)).values == [Float](repeating: 0, count: 6))
    }

    @Test func preservesCosinesWithinTheKnownError() {
        // Pairs at cosine 0.6 in 512 dimensions, projected to 128: the reduced cosine's standard deviation
        // is about (1 − ρ²)·√((P − d)/(P·d)) ≈ 0.049; the mean error stays near 0, the spread near that.
        var random = TestRandom(seed: 8)
        let (n, width, rho) = (400, 512, 0.6)
        var a = Matrix(rows: n, columns: width, values: random.matrix(n, width))
        var noise = Matrix(rows: n, columns: width, values: random.matrix(n, width))
        a.normalizeRows()
        noise.normalizeRows()
        var b = Matrix(rows: n, columns: width)
        for r in 0..<n {
            let along = (0..<width).reduce(Float(0)) { $0 + a[r, $1] * noise[r, $1] }
            for c in 0..<width { b[r, c] = noise[r, c] - along * a[r, c] }
        }
        b.normalizeRows()
        for r in 0..<n {
            for c in 0..<width { b[r, c] = Float(rho) * a[r, c] + Float((1 - rho * rho).squareRoot()) * b[r, c] }
        }
        let p = RandomProjection(inputDimension: width, outputDimension: 128, seed: 2)
        let (pa, pb) = (p.project(a), p.project(b))
        let errors = (0..<n).map { r in Double((0..<128).reduce(Float(0)) { $0 + pa[r, $1] * pb[r, $1] }) - rho }
        let mean = errors.reduce(0, +) / Double(n)
        let spread = (errors.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)).squareRoot()
        let expected = (1 - rho * rho) * ((512.0 - 128) / (512 * 128)).squareRoot()
        #expect(abs(mean) < 0.02)
        #expect(spread > expected * 0.7 && spread < expected * 1.3, "spread \(spread), expected ≈ \(expected)")
    }

    @Test func walshHadamardMatchesTheMatrixDefinition() {
        // H[i][j] = (−1)^popcount(i & j); integer inputs make every sum exact.
        for n in [1, 2, 4, 8, 16, 64, 256] {
            var random = TestRandom(seed: UInt64(n))
            let x = (0..<n).map { _ in Float(Int(random.next() % 201) - 100) }
            var y = x
            ff_walsh_hadamard(&y, n)
            for i in 0..<n {
                let expected = (0..<n).reduce(Float(0)) { $0 + ((i & $1).nonzeroBitCount % 2 == 0 ? x[$1] : -x[$1]) }
                #expect(y[i] == expected, "n = \(n), i = \(i)")
            }
        }
    }

    @Test func firstAtLeastScansFindTheFirstQualifyingElement() {
        var random = TestRandom(seed: 12)
        for n in [0, 1, 7, 8, 9, 31, 32, 33, 100] {
            let x = (0..<n).map { _ in random.float() }
            let bars = (0..<n).map { _ in random.float() }
            for bar in [-2, 0.5, 0.9, 2] as [Float] {
                #expect(ff_first_at_least(x, n, bar) == (x.firstIndex { $0 >= bar } ?? n))
            }
            #expect(ff_first_at_least_each(x, bars, n) == (x.indices.first { x[$0] >= bars[$0] } ?? n))
            var withNaN = x
            for i in stride(from: 0, to: n, by: 3) { withNaN[i] = .nan }
            #expect(ff_first_at_least(withNaN, n, -2) == (withNaN.firstIndex { $0 >= -2 } ?? n))
        }
    }

    @Test func rescoringScoresEveryCandidateExactly() {
        var random = TestRandom(seed: 9)
        let owners = Matrix(rows: 30, columns: 17, values: random.matrix(30, 17))
        let pool = Matrix(rows: 40, columns: 17, values: random.matrix(40, 17))
        var candidates = TopKAccumulator(rows: 10, k: 6)
        for r in 0..<10 {
            for j in [3, 39, 0, 17, 22 + r] { candidates.offer(row: r, index: j, value: Float(j)) }
        }
        let rescored = candidates.rescored(owners: owners, ownerOffset: 20, pool: pool, k: 3, threads: 3)
        for r in 0..<10 {
            let reference = [3, 39, 0, 17, 22 + r].map { j -> (Int, Double) in
                (j, (0..<17).reduce(0.0) { $0 + Double(owners[20 + r, $1]) * Double(pool[j, $1]) })
            }.sorted { $0.1 > $1.1 }
            let got = rescored.best(row: r)
            #expect(got.count == 3)
            for (g, e) in zip(got, reference) {
                #expect(g.index == e.0)
                #expect(abs(Double(g.value) - e.1) < 1e-4)
            }
        }
    }
}
