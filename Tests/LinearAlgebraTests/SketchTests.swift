import CVectorKernels
import Foundation
import Testing

@testable import LinearAlgebra

@Suite struct SketchTests {
    /// Scores from a plain Swift popcount, for the kernel's AVX2 (words % 4 == 0) and portable paths.
    @Test(arguments: [4, 8, 3, 5])
    func sketchScoresMatchAPlainPopcount(words: Int) {
        var random = SplitMix64(seed: UInt64(words))
        let (m, n) = (37, 300)
        let a = (0..<(m * words)).map { _ in random.next() }
        let b = (0..<(n * words)).map { _ in random.next() }
        var c = [Float](repeating: .nan, count: m * (n + 3))
        ff_sketch_scores(a, m, b, n, words, &c, n + 3)
        for i in 0..<m {
            for j in 0..<n {
                let h = (0..<words).reduce(0) { $0 + (a[i * words + $1] ^ b[j * words + $1]).nonzeroBitCount }
                #expect(c[i * (n + 3) + j] == Float(64 * words - 2 * h))
            }
            #expect(c[i * (n + 3) + n].isNaN)  // beyond the row: untouched
        }
    }

    /// Pairs at cosine ρ: the sketch score's mean and spread follow b·(1 − 2θ/π) and 2·√(b·p·(1 − p)).
    @Test(arguments: [0.0, 0.3, 0.6])
    func scoreStatisticsFollowTheAngle(rho: Double) {
        let (d, pairs, bits) = (300, 400, 1024)
        var random = SplitMix64(seed: 99)
        func gaussian() -> Double {
            let u = Double(random.next() >> 11) / Double(1 << 53) + 1e-12
            let v = Double(random.next() >> 11) / Double(1 << 53)
            return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
        }
        var a = Matrix(rows: pairs, columns: d)
        var b = Matrix(rows: pairs, columns: d)
        for p in 0..<pairs {
            // x and y unit with x·y = ρ exactly.
            var x = (0..<d).map { _ in gaussian() }
            var y = (0..<d).map { _ in gaussian() }
            let nx = x.reduce(0) { $0 + $1 * $1 }.squareRoot()
            x = x.map { $0 / nx }
            let along = zip(x, y).reduce(0) { $0 + $1.0 * $1.1 }
            y = zip(x, y).map { $1 - along * $0 }
            let ny = y.reduce(0) { $0 + $1 * $1 }.squareRoot()
            for c in 0..<d {
                a.values[p * d + c] = Float(x[c])
                b.values[p * d + c] = Float(rho * x[c] + (1 - rho * rho).squareRoot() * y[c] / ny)
            }
        }
        let projection = SketchProjection(inputDimension: d, bits: bits, seed: 7)
        #expect(projection.signs.count == 2)  // 1024 bits from two rounds of P = 512
        let (sa, sb) = (projection.sketch(a), projection.sketch(b, threads: 1))
        var scores: [Double] = []
        for p in 0..<pairs {
            let h = (0..<sa.words).reduce(0) {
                $0 + (sa.values[p * sa.words + $1] ^ sb.values[p * sb.words + $1]).nonzeroBitCount
            }
            scores.append(Double(sa.words * 64 - 2 * h))
        }
        let mean = scores.reduce(0, +) / Double(pairs)
        let sd = (scores.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(pairs - 1)).squareRoot()
        let expected = projection.expectedScore(cosine: rho)
        let deviation = projection.scoreDeviation(cosine: rho)
        // The mean of 400 scores lies within 4 standard errors; the spread within 20 % of the model (the
        // structured hyperplanes are not independent, the model must not understate it by more).
        #expect(abs(mean - expected) < 4 * deviation / Double(pairs).squareRoot())
        #expect(sd < 1.2 * deviation && sd > 0.7 * deviation)
    }

    @Test func sketchIsDeterministicAndIndependentOfThreads() {
        var random = SplitMix64(seed: 3)
        var rows = Matrix(rows: 200, columns: 70)
        for i in rows.values.indices { rows.values[i] = Float(Int(random.next() % 2001) - 1000) / 1000 }
        let projection = SketchProjection(inputDimension: 70, bits: 300, seed: 11)
        let one = projection.sketch(rows, threads: 1)
        #expect(one == projection.sketch(rows, threads: 4))
        #expect(one.words == 8 && one.bits == 300)
        // The padding bits beyond 300 are zero in every row.
        for r in 0..<200 {
            #expect(one.values[r * 8 + 4] >> 44 == 0 && one.values[r * 8 + 5] == 0 && one.values[r * 8 + 7] == 0)
        }
    }

    @Test func productKeepsTheBestSketchScoresOfRowsAndColumns() {
        var random = SplitMix64(seed: 5)
        var a = SignSketch(rows: 50, bits: 256)
        var b = SignSketch(rows: 70, bits: 256)
        for i in a.values.indices { a.values[i] = random.next() }
        for i in b.values.indices { b.values[i] = random.next() }
        func score(_ i: Int, _ j: Int) -> Float {
            var h = 0
            for w in 0..<4 { h += (a.values[i * 4 + w] ^ b.values[j * 4 + w]).nonzeroBitCount }
            return Float(256 - 2 * h)
        }
        let kernel = SketchProduct(tileRows: 16, tileColumns: 24)
        var rows: TopKAccumulator? = TopKAccumulator(rows: 50, k: 3)
        var columns: TopKAccumulator? = TopKAccumulator(rows: 70, k: 3)
        kernel.accumulate(a: a, b: b, rowTopK: &rows, columnTopK: &columns)
        func best(_ scores: [Float]) -> [Int] {
            let order = scores.indices.sorted { x, y in scores[x] > scores[y] || (scores[x] == scores[y] && x < y) }
            return Array(order.prefix(3))
        }
        for i in 0..<50 {
            let scores: [Float] = (0..<70).map { score(i, $0) }
            #expect(rows!.best(row: i).map { $0.index } == best(scores))
        }
        for j in 0..<70 {
            let scores: [Float] = (0..<50).map { score($0, j) }
            #expect(columns!.best(row: j).map { $0.index } == best(scores))
        }
        #expect(kernel.pairs == 3500)
    }
}
