/// Added / special tokens matched whole in the input before BPE (leftmost, then longest), as `tokenizers`
/// and llama.cpp (`parse_special`) do.
struct SpecialTokens: Sendable {
    /// Candidates by first scalar: (scalars, id), longest first.
    private let byFirst: [Unicode.Scalar: [([Unicode.Scalar], Int32)]]
    /// Token id → text, for decoding.
    let text: [Int32: String]

    /// A matcher for `tokens` (text, id); empty texts are ignored.
    init(_ tokens: [(String, Int32)]) {
        var byFirst: [Unicode.Scalar: [([Unicode.Scalar], Int32)]] = [:]
        var text: [Int32: String] = [:]
        for (content, id) in tokens where !content.isEmpty {
            let scalars = Array(content.unicodeScalars)
            byFirst[scalars[0], default: []].append((scalars, id))
            text[id] = content
        }
        for key in byFirst.keys { byFirst[key]!.sort { $0.0.count > $1.0.count } }
        self.byFirst = byFirst
        self.text = text
    }

    /// Whether there are no special tokens.
    var isEmpty: Bool { byFirst.isEmpty }

    /// `text` cut into plain ranges (id nil) and matched special tokens (id set), in order.
    func split(_ text: [Unicode.Scalar]) -> [(range: Range<Int>, id: Int32?)] {
        var pieces: [(range: Range<Int>, id: Int32?)] = []
        var start = 0
        var index = 0
        while index < text.count {
            if let candidates = byFirst[text[index]],
                let (scalars, id) = candidates.first(where: { Self.matches($0.0, text, at: index) })
            {
                if start < index { pieces.append((start..<index, nil)) }
                pieces.append((index..<index + scalars.count, id))
                index += scalars.count
                start = index
            } else {
                index += 1
            }
        }
        if start < text.count { pieces.append((start..<text.count, nil)) }
        return pieces
    }

    private static func matches(_ token: [Unicode.Scalar], _ text: [Unicode.Scalar], at index: Int) -> Bool {
        guard token.count <= text.count - index else { return false }
        for offset in 1..<token.count where text[index + offset] != token[offset] { return false }
        return true
    }
}
