extension TopKAccumulator {
    /// The first `m` slots of every row (the best m), as an accumulator with k = min(m, k).
    public func prefix(_ m: Int) -> TopKAccumulator {
        let width = min(max(m, 0), k)
        var result = TopKAccumulator(rows: rows, k: width)
        for r in 0..<rows {
            for s in 0..<width {
                result.values[r * width + s] = values[r * k + s]
                result.indices[r * width + s] = indices[r * k + s]
            }
        }
        return result
    }

    /// Slots `slots` of the rows listed in `keep` (every other row empty), as an accumulator with
    /// k = `slots.count` (used to rescore more candidates of some rows only).
    public func slots(_ slots: Range<Int>, ofRows keep: [Int]) -> TopKAccumulator {
        precondition(slots.lowerBound >= 0 && slots.upperBound <= k, "slots out of bounds")
        let width = slots.count
        var result = TopKAccumulator(rows: rows, k: width)
        for r in keep {
            for (s, slot) in slots.enumerated() {
                result.values[r * width + s] = values[r * k + slot]
                result.indices[r * width + s] = indices[r * k + slot]
            }
        }
        return result
    }

    /// Replaces row `row` with row `otherRow` of `other` (which must have the same k).
    public mutating func setRow(_ row: Int, from other: TopKAccumulator, row otherRow: Int) {
        precondition(other.k == k, "accumulators must have the same k")
        for s in 0..<k {
            values[row * k + s] = other.values[otherRow * k + s]
            indices[row * k + s] = other.indices[otherRow * k + s]
        }
    }
}
