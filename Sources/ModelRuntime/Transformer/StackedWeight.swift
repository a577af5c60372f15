/// Several weights with the same input width used as one, their rows stacked in order (q; k; v and
/// gate; up): one product instead of three or two, so OpenBLAS sees wider products and each input
/// row is packed once. Row decoding and stored-type row dots are forwarded to the part that holds
/// each row; nothing is copied.
enum StackedWeight {
    /// The parts as one matrix of `Σ rows` rows (the first part's storage type).
    static func stack(_ parts: [WeightMatrix], name: String) -> WeightMatrix {
        precondition(!parts.isEmpty && parts.allSatisfy { $0.columns == parts[0].columns }, "\(name): bad parts")
        let columns = parts[0].columns
        var starts: [Int] = []
        var total = 0
        for part in parts {
            starts.append(total)
            total += part.rows
        }
        let bounds = starts
        /// Calls `body(part, rows within the part, offset of the first row within `range`)` for each
        /// part `range` overlaps.
        @Sendable func split(_ range: Range<Int>, _ body: (WeightMatrix, Range<Int>, Int) -> Void) {
            for (i, part) in parts.enumerated() {
                let low = max(range.lowerBound, bounds[i])
                let high = min(range.upperBound, bounds[i] + part.rows)
                if low < high { body(part, (low - bounds[i])..<(high - bounds[i]), low - range.lowerBound) }
            }
        }
        var matrix = WeightMatrix(name: name, rows: total, columns: columns, type: parts[0].type) { range, out in
            split(range) { part, rows, offset in part.decodeRows(rows, out + offset * columns) }
        }
        if parts.allSatisfy({ $0.rowDot != nil }) {
            matrix.rowDot = { range, x, out in
                split(range) { part, rows, offset in part.rowDot!(rows, x, out + offset) }
            }
        }
        return matrix
    }
}
