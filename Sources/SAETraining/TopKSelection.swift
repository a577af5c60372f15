/// Picks the `k` largest entries of a row (ties: the earlier index wins), ReLU'd: a non-positive
/// winner is kept with value 0, so it contributes nothing and receives no gradient.
enum TopKSelection {
    /// Over every entry of `row[0..<count]`.
    /// A long row (at least `4k` entries and two vectors of 8 per group of 8 winners) is first cut down to
    /// the entries at or above a bound that at least `k` entries reach (`threshold`), and the k-th largest of
    /// those is found by a quickselect; the winners come out in index order. Short rows use the heap.
    static func select(
        _ row: UnsafePointer<Float>, count: Int, k: Int,
        indices: UnsafeMutablePointer<Int32>, values: UnsafeMutablePointer<Float>
    ) {
        let vectors = count / 8
        let groups = (2 * k + 7) / 8
        guard k >= 1, count >= 4 * k, vectors >= 2 * groups else {
            select(count: count, k: k, indices: indices, values: values) { row[$0] }
            return
        }
        let bound = threshold(row, vectors: vectors, groups: groups, k: k)
        let selected = withUnsafeTemporaryAllocation(of: Int32.self, capacity: count) { candidates in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * count) { scratch in
                let found = gather(
                    row, count: count, atLeast: bound, indices: candidates.baseAddress!, values: scratch.baseAddress!)
                guard found >= k else { return false }
                let work = scratch.baseAddress! + count
                work.update(from: scratch.baseAddress!, count: found)
                let kth = largest(rank: k - 1, in: work, count: found)
                var slot = 0
                for c in 0..<found where scratch[c] > kth {
                    indices[slot] = candidates[c]
                    values[slot] = max(scratch[c], 0)
                    slot += 1
                }
                // Ties at the k-th value: the earlier indices win.
                var c = 0
                while slot < k && c < found {
                    if scratch[c] == kth {
                        indices[slot] = candidates[c]
                        values[slot] = max(scratch[c], 0)
                        slot += 1
                    }
                    c += 1
                }
                return slot == k
            }
        }
        // NaNs can defeat the bound (no order); the heap scan then decides as before.
        if !selected { select(count: count, k: k, indices: indices, values: values) { row[$0] } }
    }

    /// A value that at least `k` entries of the row reach: the k-th largest of the lane-wise maxima of
    /// `groups` runs of 8-wide vectors (each lane maximum is a different entry; `8 · groups ≥ 2k` of them,
    /// so the bound sits near the row's top `2k` values rather than at the smallest maximum).
    @inline(__always)
    private static func threshold(_ row: UnsafePointer<Float>, vectors: Int, groups: Int, k: Int) -> Float {
        let raw = UnsafeRawPointer(row)
        return withUnsafeTemporaryAllocation(of: Float.self, capacity: groups * 8) { maxima in
            let out = UnsafeMutableRawPointer(maxima.baseAddress!)
            for group in 0..<groups {
                let lo = vectors * group / groups
                let hi = vectors * (group + 1) / groups
                var lanes = raw.loadUnaligned(fromByteOffset: lo * 32, as: SIMD8<Float>.self)
                for v in (lo + 1)..<hi {
                    let next = raw.loadUnaligned(fromByteOffset: v * 32, as: SIMD8<Float>.self)
                    lanes.replace(with: next, where: next .> lanes)
                }
                out.storeBytes(of: lanes, toByteOffset: group * 32, as: SIMD8<Float>.self)
            }
            return largest(rank: k - 1, in: maxima.baseAddress!, count: groups * 8)
        }
    }

    /// The entries `≥ bound`, in index order, into `indices`/`values`; returns how many.
    @inline(__always)
    private static func gather(
        _ row: UnsafePointer<Float>, count: Int, atLeast bound: Float,
        indices: UnsafeMutablePointer<Int32>, values: UnsafeMutablePointer<Float>
    ) -> Int {
        let raw = UnsafeRawPointer(row)
        let vectors = count / 8
        var found = 0
        for v in 0..<vectors {
            let lanes = raw.loadUnaligned(fromByteOffset: v * 32, as: SIMD8<Float>.self)
            let hits = lanes .>= bound
            guard any(hits) else { continue }
            for lane in 0..<8 where hits[lane] {
                indices[found] = Int32(v * 8 + lane)
                values[found] = lanes[lane]
                found += 1
            }
        }
        for i in (vectors * 8)..<count where row[i] >= bound {
            indices[found] = Int32(i)
            values[found] = row[i]
            found += 1
        }
        return found
    }

    /// The value of rank `rank` (0: the largest) among `work[0..<count]`, which it reorders (Hoare
    /// partitions around a median of three).
    @inline(__always)
    static func largest(rank: Int, in work: UnsafeMutablePointer<Float>, count: Int) -> Float {
        var lo = 0
        var hi = count - 1
        while lo < hi {
            let a = work[lo]
            let b = work[(lo + hi) / 2]
            let c = work[hi]
            let pivot = Swift.max(Swift.min(a, b), Swift.min(Swift.max(a, b), c))
            var i = lo
            var j = hi
            while i <= j {
                while work[i] > pivot { i += 1 }
                while work[j] < pivot { j -= 1 }
                if i <= j {
                    let t = work[i]
                    work[i] = work[j]
                    work[j] = t
                    i += 1
                    j -= 1
                }
            }
            if rank <= j {
                hi = j
            } else if rank >= i {
                lo = i
            } else {
                break
            }
        }
        return work[rank]
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
