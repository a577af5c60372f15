extension Matrix {
    /// Scales every row to unit L2 norm (norms accumulated in double precision) and returns the
    /// indices of the rows whose norm is zero (or not finite); those rows are set to zero. Rows are
    /// independent, so they are shared among `threads` workers without changing the result.
    @discardableResult
    public mutating func normalizeRows(threads: Int = Parallel.defaultThreads) -> [Int] {
        let columns = self.columns
        let rows = self.rows
        guard !values.isEmpty else { return Array(0..<rows) }  // zero columns: every row has norm 0
        var degenerateByRow = [Bool](repeating: false, count: rows)
        values.withUnsafeMutableBufferPointer { buffer in
            degenerateByRow.withUnsafeMutableBufferPointer { degenerate in
                let shared = UncheckedSendable((values: buffer.baseAddress!, degenerate: degenerate.baseAddress!))
                Parallel.forEachPart(rows, threads: threads, minimum: 256) { part in
                    for r in part {
                        let row = shared.value.values + r * columns
                        var sum: Double = 0
                        for c in 0..<columns { sum += Double(row[c]) * Double(row[c]) }
                        let norm = sum.squareRoot()
                        if norm > 0 && norm.isFinite {
                            let scale = Float(1 / norm)
                            for c in 0..<columns { row[c] *= scale }
                        } else {
                            for c in 0..<columns { row[c] = 0 }
                            shared.value.degenerate[r] = true
                        }
                    }
                }
            }
        }
        return degenerateByRow.indices.filter { degenerateByRow[$0] }
    }

    /// Multiplies column `c` of every row by `factors[c]` (e.g. an RMSNorm gain).
    public mutating func scaleColumns(by factors: [Float]) {
        precondition(factors.count == columns, "one factor per column")
        let columns = self.columns
        values.withUnsafeMutableBufferPointer { buffer in
            factors.withUnsafeBufferPointer { f in
                for r in 0..<rows {
                    let base = r * columns
                    for c in 0..<columns { buffer[base + c] *= f[c] }
                }
            }
        }
    }
}
