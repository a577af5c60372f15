import LinearAlgebra
import Testing

@testable import SAETraining

@Suite struct MassiveTokensTests {
    /// Seven rows of norm 5 (a 3-4 pair), one of norm 4, one of norm 6, and two massive rows (norms
    /// 51 and 1,000), in 3 dimensions: median norm 5, so the limit is 50 and exactly the two massive rows go.
    static func batch() -> Matrix {
        var rows: [[Float]] = (0..<7).map { $0 % 2 == 0 ? [3, 4, 0] : [0, -3, 4] }
        rows.insert([0, 0, 4], at: 2)
        rows.insert([1_000, 0, 0], at: 4)
        rows.append([0, 6, 0])
        rows.insert([0, 51, 0], at: 7)
        return Matrix(rows: rows.count, columns: 3, values: rows.flatMap { $0 })
    }

    @Test func theMedianNormIsTheMiddleRowNorm() {
        #expect(MassiveTokens.medianNorm(Self.batch()) == 5)
        #expect(MassiveTokens.medianNorm(Matrix(rows: 0, columns: 3)) == 0)
        let two = Matrix(rows: 2, columns: 2, values: [3, 4, 0, 7])
        #expect(MassiveTokens.medianNorm(two) == 6)
    }

    @Test func rowsAboveTenTimesTheMedianAreLeftOutInOrder() {
        let batch = Self.batch()
        let limit = MassiveTokens.factor * MassiveTokens.medianNorm(batch)
        #expect(limit == 50)
        let (rows, leftOut) = MassiveTokens.typicalRows(of: batch, normLimit: limit)
        #expect(leftOut == 2)
        #expect(rows.rows == 9)
        // The kept rows are the original ones without rows 4 and 7, in their order.
        let expected = (0..<batch.rows).filter { $0 != 4 && $0 != 7 }.flatMap { t in
            (0..<3).map { batch[t, $0] }
        }
        #expect(rows.values == expected)
    }

    @Test func noLimitOrNoMassiveRowKeepsTheBatch() {
        let batch = Self.batch()
        #expect(MassiveTokens.typicalRows(of: batch, normLimit: .infinity).leftOut == 0)
        #expect(MassiveTokens.typicalRows(of: batch, normLimit: 0).rows.values == batch.values)
        let kept = MassiveTokens.typicalRows(of: batch, normLimit: 1_000)
        #expect(kept.leftOut == 0 && kept.rows.values == batch.values)
        #expect(MassiveTokens.typicalRows(of: batch, normLimit: 999.9).leftOut == 1)
    }
}
