/// SentencePiece's BPE as `sentencepiece` (bpe_model.cc) and llama.cpp's SPM tokenizer run it from a scored
/// vocabulary (GGUF `tokenizer.ggml.scores`): start from characters, repeatedly merge the adjacent pair whose
/// concatenation is a normal or user-defined piece of highest score (leftmost among equals); characters left
/// without a piece fall back to `<0xNN>` byte pieces (or the unknown piece).
struct ScoredMerges: Sendable {
    /// Score of every id.
    let scores: [Float]
    /// Ids of the pieces merges may produce (normal and user-defined), by text.
    let pieces: [String: Int32]

    /// A sort key that orders higher scores first (a min-heap pops it first).
    @inline(__always)
    static func descending(_ score: Float) -> UInt64 {
        let bits = score.bitPattern
        let ascending = bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
        return UInt64(~ascending)
    }

    /// Appends the ids of `word` (characters, spaces already `▁`) to `output`.
    func encode(
        _ word: ArraySlice<Unicode.Scalar>, byteIDs: [Int32], unknownID: Int32?, into output: inout [Int32]
    ) {
        let scalars = Array(word)
        let count = scalars.count
        guard count > 0 else { return }
        var end = [Int](1...count)  // symbol i covers scalars[i..<end[i]]
        var next = [Int](1...count)
        next[count - 1] = -1
        var previous = [Int](-1..<count - 1)
        var alive = [Bool](repeating: true, count: count)
        func text(_ left: Int, _ right: Int) -> String {
            var string = ""
            string.unicodeScalars.append(contentsOf: scalars[left..<end[right]])
            return string
        }
        var heap = MinHeap()
        func push(_ left: Int) {
            let right = next[left]
            guard left >= 0, right >= 0, let id = pieces[text(left, right)] else { return }
            heap.push(Self.descending(scores[Int(id)]) << 32 | UInt64(left))
        }
        for index in 0..<count - 1 { push(index) }
        while let top = heap.pop() {
            let left = Int(top & 0xFFFF_FFFF)
            let right = next[left]
            guard alive[left], right >= 0, let id = pieces[text(left, right)],
                Self.descending(scores[Int(id)]) == top >> 32
            else { continue }
            end[left] = end[right]
            alive[right] = false
            next[left] = next[right]
            if next[right] >= 0 { previous[next[right]] = left }
            if previous[left] >= 0 { push(previous[left]) }
            push(left)
        }
        var index = 0
        while index >= 0 {
            if let id = pieces[text(index, index)] {
                output.append(id)
            } else {
                for scalar in scalars[index..<end[index]] {
                    let bytes = UTF8.encode(scalar)!
                    if bytes.allSatisfy({ byteIDs[Int($0)] >= 0 }) {
                        for byte in bytes { output.append(byteIDs[Int(byte)]) }
                    } else if let unknownID {
                        output.append(unknownID)
                    }
                }
            }
            index = next[index]
        }
    }
}
