/// The k best (value, index) pairs of a stream, "best" meaning the larger value and, among equal values,
/// the lower index, so ties at the k-th place are decided deterministically. NaN values are never kept.
struct TopKSelection {
    private var values: [Float]
    private var indices: [Int32]
    private var count = 0
    /// The most pairs kept.
    let capacity: Int

    /// An empty selection of at most `capacity` pairs.
    init(capacity: Int) {
        self.capacity = capacity
        values = [Float](repeating: 0, count: capacity)
        indices = [Int32](repeating: 0, count: capacity)
    }

    /// True when `capacity` pairs are kept.
    var isFull: Bool { count == capacity }

    /// The worst kept value (valid when not empty): a value below it can never enter a full selection.
    var floor: Float { values[0] }

    /// Empties the selection.
    mutating func reset() { count = 0 }

    /// True when (a, i) ranks below (b, j).
    @inline(__always)
    private static func worse(_ a: Float, _ i: Int32, _ b: Float, _ j: Int32) -> Bool {
        a < b || (a == b && i > j)
    }

    /// Offers one pair; the heap root is the worst kept pair.
    mutating func offer(_ value: Float, _ index: Int32) {
        guard capacity > 0, !value.isNaN else { return }
        if count < capacity {
            var child = count
            values[child] = value
            indices[child] = index
            count += 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard Self.worse(values[child], indices[child], values[parent], indices[parent]) else { break }
                values.swapAt(child, parent)
                indices.swapAt(child, parent)
                child = parent
            }
            return
        }
        guard Self.worse(values[0], indices[0], value, index) else { return }
        values[0] = value
        indices[0] = index
        var parent = 0
        while true {
            let left = 2 * parent + 1
            guard left < count else { break }
            var smallest = left
            let right = left + 1
            if right < count && Self.worse(values[right], indices[right], values[left], indices[left]) {
                smallest = right
            }
            guard Self.worse(values[smallest], indices[smallest], values[parent], indices[parent]) else { break }
            values.swapAt(smallest, parent)
            indices.swapAt(smallest, parent)
            parent = smallest
        }
    }

    /// Writes the kept pairs with a positive value into `outIndices`/`outValues` in ascending index order
    /// (insertion sort: k is small) and returns their number; allocates nothing.
    func writePositive(_ outIndices: UnsafeMutableBufferPointer<Int32>, _ outValues: UnsafeMutableBufferPointer<Float>)
        -> Int
    {
        var written = 0
        for position in 0..<count where values[position] > 0 {
            let (index, value) = (indices[position], values[position])
            var slot = written
            while slot > 0 && outIndices[slot - 1] > index {
                outIndices[slot] = outIndices[slot - 1]
                outValues[slot] = outValues[slot - 1]
                slot -= 1
            }
            outIndices[slot] = index
            outValues[slot] = value
            written += 1
        }
        return written
    }
}
