import Testing

@testable import LinearAlgebra

@Suite struct RandomProjectionTests {
    @Test func columnsAreOrthonormalAndSeeded() {
        let p = RandomProjection(inputDimension: 50, outputDimension: 12, seed: 3)
        #expect(p.matrix.rows == 50 && p.matrix.columns == 12)
        let gram = LinearAlgebra.multiply(p.matrix, transposeA: true, p.matrix)
        for i in 0..<12 {
            for j in 0..<12 { #expect(abs(gram[i, j] - (i == j ? 1 : 0)) < 1e-5) }
        }
        #expect(RandomProjection(inputDimension: 50, outputDimension: 12, seed: 3) == p)
        #expect(RandomProjection(inputDimension: 50, outputDimension: 12, seed: 4) != p)
        #expect(RandomProjection(inputDimension: 8, outputDimension: 12, seed: 3).outputDimension == 8)
    }

    @Test func projectingASliceEqualsProjectingTheWhole() {
        var random = TestRandom(seed: 5)
        let rows = Matrix(rows: 37, columns: 20, values: random.matrix(37, 20))
        let p = RandomProjection(inputDimension: 20, outputDimension: 6, seed: 1)
        let whole = p.project(rows, block: 8)
        let slice = p.project(rows.rows(16..<37), firstRow: 16, block: 8)
        #expect(slice.values == Array(whole.values[(16 * 6)...]))
        for r in 0..<whole.rows {
            let norm = whole.row(r).reduce(Float(0)) { $0 + $1 * $1 }
            #expect(abs(norm - 1) < 1e-5)
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
