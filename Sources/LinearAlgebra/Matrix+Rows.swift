extension Matrix {
    /// Scales every row to unit L2 norm (norms accumulated in double precision) and returns the
    /// indices of the rows whose norm is zero (or not finite); those rows are set to zero.
    @discardableResult
    public mutating func normalizeRows() -> [Int] {
        var degenerate: [Int] = []
        let columns = self.columns
        values.withUnsafeMutableBufferPointer { buffer in
            for r in 0..<rows {
                let row = UnsafeMutableBufferPointer(rebasing: buffer[(r * columns)..<((r + 1) * columns)])
                var sum: Double = 0
                for v in row { sum += Double(v) * Double(v) }
                let norm = sum.squareRoot()
                if norm > 0 && norm.isFinite {
                    let scale = Float(1 / norm)
                    for c in 0..<columns { row[c] *= scale }
                } else {
                    for c in 0..<columns { row[c] = 0 }
                    degenerate.append(r)
                }
            }
        }
        return degenerate
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
