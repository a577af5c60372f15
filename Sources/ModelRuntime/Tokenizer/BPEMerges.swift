/// A BPE merge table over token ids, applied the way Hugging Face `tokenizers` does: repeatedly merge the
/// adjacent pair of lowest rank, the leftmost one among equals (a heap of candidates; O(n log n) for a
/// word of n symbols, so SentencePiece-style input without pre-splitting stays fast).
struct BPEMerges: Sendable {
    /// (left id << 32 | right id) → (rank << 32 | merged id).
    let table: [UInt64: UInt64]

    /// The key of a pair.
    @inline(__always)
    static func key(_ left: Int32, _ right: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: left)) << 32 | UInt64(UInt32(bitPattern: right))
    }

    /// Merges `symbols` (token ids, all ≥ 0) in place.
    func apply(_ symbols: inout [Int32]) {
        let count = symbols.count
        guard count > 1, !table.isEmpty else { return }
        var next = [Int32](repeating: -1, count: count)
        var previous = [Int32](repeating: -1, count: count)
        for index in 0..<count - 1 {
            next[index] = Int32(index + 1)
            previous[index + 1] = Int32(index)
        }
        var heap = MinHeap()
        for index in 0..<count - 1 {
            if let value = table[Self.key(symbols[index], symbols[index + 1])] {
                heap.push(value & 0xFFFF_FFFF_0000_0000 | UInt64(index))
            }
        }
        while let top = heap.pop() {
            let rank = top >> 32
            let left = Int(top & 0xFFFF_FFFF)
            guard symbols[left] >= 0 else { continue }
            let right = Int(next[left])
            guard right >= 0, let value = table[Self.key(symbols[left], symbols[right])], value >> 32 == rank else {
                continue
            }
            symbols[left] = Int32(truncatingIfNeeded: value & 0xFFFF_FFFF)
            symbols[right] = -1
            let after = next[right]
            next[left] = after
            if after >= 0 { previous[Int(after)] = Int32(left) }
            let before = previous[left]
            if before >= 0, let merge = table[Self.key(symbols[Int(before)], symbols[left])] {
                heap.push(merge & 0xFFFF_FFFF_0000_0000 | UInt64(before))
            }
            if after >= 0, let merge = table[Self.key(symbols[left], symbols[Int(after)])] {
                heap.push(merge & 0xFFFF_FFFF_0000_0000 | UInt64(left))
            }
        }
        symbols.removeAll { $0 < 0 }
    }
}
