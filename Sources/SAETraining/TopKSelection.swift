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

    /// The shared scan: `value(i)` for `i` in `0..<count`; slots beyond `count` stay empty (value 0). The kept
    /// pairs form a min-heap whose root is the worst of them (the lowest value; among equal values the later
    /// index), so a replacement costs `O(log k)` instead of a rescan of all `k` slots.
    @inline(__always)
    private static func select(
        count: Int, k: Int, indices: UnsafeMutablePointer<Int32>, values: UnsafeMutablePointer<Float>,
        value: (Int) -> Float
    ) {
        let filled = min(k, count)
        for slot in 0..<filled {
            indices[slot] = Int32(slot)
            values[slot] = value(slot)
        }
        for slot in filled..<k {
            indices[slot] = 0
            values[slot] = 0
        }
        guard filled > 0 else { return }
        if filled > 1 {
            for start in stride(from: filled / 2 - 1, through: 0, by: -1) {
                siftDown(start, size: filled, indices: indices, values: values)
            }
        }
        var i = filled
        while i < count {
            let v = value(i)
            // A later index with an equal value ranks below every kept pair: only a larger value enters.
            if v > values[0] {
                indices[0] = Int32(i)
                values[0] = v
                siftDown(0, size: filled, indices: indices, values: values)
            }
            i += 1
        }
        for slot in 0..<filled { values[slot] = max(values[slot], 0) }
    }

    /// True when (a, i) ranks below (b, j): a smaller value, or an equal value at a later index.
    @inline(__always)
    private static func worse(_ a: Float, _ i: Int32, _ b: Float, _ j: Int32) -> Bool {
        a < b || (a == b && i > j)
    }

    /// Restores the heap order below `start` (every child ranks at or above its parent).
    @inline(__always)
    private static func siftDown(
        _ start: Int, size: Int, indices: UnsafeMutablePointer<Int32>, values: UnsafeMutablePointer<Float>
    ) {
        var parent = start
        let value = values[parent]
        let index = indices[parent]
        while true {
            var child = 2 * parent + 1
            guard child < size else { break }
            if child + 1 < size, worse(values[child + 1], indices[child + 1], values[child], indices[child]) {
                child += 1
            }
            guard worse(values[child], indices[child], value, index) else { break }
            values[parent] = values[child]
            indices[parent] = indices[child]
            parent = child
        }
        values[parent] = value
        indices[parent] = index
    }
}
