/// Picks the `k` largest entries of a row (ties: the earlier index wins), ReLU'd: a non-positive
/// winner is kept with value 0, so it contributes nothing and receives no gradient.
enum TopKSelection {
    /// Over every entry of `row[0..<count]`.
    static func select(
        _ row: UnsafePointer<Float>, count: Int, k: Int,
        indices: UnsafeMutablePointer<Int32>, values: UnsafeMutablePointer<Float>
    ) {
        select(count: count, k: k, indices: indices, values: values) { row[$0] }
    }

    /// Over the entries named by `candidates` only (the aux loss's dead latents).
    static func select(
        _ row: UnsafePointer<Float>, candidates: UnsafeBufferPointer<Int32>, k: Int,
        indices: UnsafeMutablePointer<Int32>, values: UnsafeMutablePointer<Float>
    ) {
        select(count: candidates.count, k: k, indices: indices, values: values) { row[Int(candidates[$0])] }
        for slot in 0..<min(k, candidates.count) { indices[slot] = candidates[Int(indices[slot])] }
    }

    /// The shared scan: `value(i)` for `i` in `0..<count`; slots beyond `count` stay empty (value 0).
    @inline(__always)
    private static func select(
        count: Int, k: Int, indices: UnsafeMutablePointer<Int32>, values: UnsafeMutablePointer<Float>,
        value: (Int) -> Float
    ) {
        let filled = min(k, count)
        for slot in 0..<k {
            indices[slot] = slot < filled ? Int32(slot) : 0
            values[slot] = slot < filled ? value(slot) : -.infinity
        }
        guard filled > 0 else {
            for slot in 0..<k { values[slot] = 0 }
            return
        }
        var minimumSlot = 0
        for slot in 1..<filled where values[slot] < values[minimumSlot] { minimumSlot = slot }
        var minimum = values[minimumSlot]
        var i = filled
        while i < count {
            let v = value(i)
            if v > minimum {
                indices[minimumSlot] = Int32(i)
                values[minimumSlot] = v
                minimumSlot = 0
                for slot in 1..<filled where values[slot] < values[minimumSlot] { minimumSlot = slot }
                minimum = values[minimumSlot]
            }
            i += 1
        }
        for slot in 0..<k { values[slot] = max(values[slot], 0) }
    }
}
