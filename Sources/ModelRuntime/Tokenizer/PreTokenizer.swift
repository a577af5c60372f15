/// How text is cut into words before BPE (byte-level tokenisers), written out by hand from the regexes
/// of `tokenizers` / llama.cpp so that no regex engine is needed:
/// - `gpt2`: `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`
/// - `smollm`: every `\p{N}` on its own, then `gpt2` on the rest (SmolLM2's Digits + ByteLevel)
/// - `llama3`: `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`
/// - `none`: the whole text is one word.
enum PreTokenizer: String, Sendable, Equatable {
    case gpt2, smollm, llama3, none

    /// The word ranges of `text`, in order, covering it entirely.
    func split(_ text: [Unicode.Scalar]) -> [Range<Int>] {
        var words: [Range<Int>] = []
        switch self {
        case .none:
            if !text.isEmpty { words.append(0..<text.count) }
        case .gpt2:
            Self.gpt2(text, 0..<text.count, into: &words)
        case .llama3:
            Self.llama3(text, into: &words)
        case .smollm:
            var start = 0
            for index in text.indices where Self.isNumber(text[index]) {
                if start < index { Self.gpt2(text, start..<index, into: &words) }
                words.append(index..<index + 1)
                start = index + 1
            }
            if start < text.count { Self.gpt2(text, start..<text.count, into: &words) }
        }
        return words
    }

    // MARK: - Character classes (Unicode general categories and White_Space)

    @inline(__always)
    static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return (value | 0x20) >= 0x61 && (value | 0x20) <= 0x7A }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    @inline(__always)
    static func isNumber(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return value >= 0x30 && value <= 0x39 }
        switch scalar.properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber: return true
        default: return false
        }
    }

    @inline(__always)
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return value == 0x20 || (value >= 0x09 && value <= 0x0D) }
        return scalar.properties.isWhitespace
    }

    /// Neither whitespace, letter nor number (`[^\s\p{L}\p{N}]`).
    @inline(__always)
    static func isOther(_ scalar: Unicode.Scalar) -> Bool {
        !isWhitespace(scalar) && !isLetter(scalar) && !isNumber(scalar)
    }

    @inline(__always)
    static func isNewline(_ scalar: Unicode.Scalar) -> Bool { scalar == "\r" || scalar == "\n" }

    /// End of the run of scalars satisfying `test` starting at `start`.
    @inline(__always)
    static func run(_ text: [Unicode.Scalar], from start: Int, to end: Int, _ test: (Unicode.Scalar) -> Bool) -> Int {
        var index = start
        while index < end && test(text[index]) { index += 1 }
        return index
    }

    /// Length of an English contraction (`'s 't 'm 'd 're 've 'll`) at `index`, or 0.
    static func contraction(_ text: [Unicode.Scalar], _ index: Int, _ end: Int, caseInsensitive: Bool) -> Int {
        guard text[index] == "'", index + 1 < end else { return 0 }
        func lower(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
            caseInsensitive && scalar.value >= 0x41 && scalar.value <= 0x5A
                ? Unicode.Scalar(scalar.value + 32)! : scalar
        }
        let first = lower(text[index + 1])
        if first == "s" || first == "t" || first == "m" || first == "d" { return 2 }
        guard index + 2 < end else { return 0 }
        let second = lower(text[index + 2])
        if (first == "r" && second == "e") || (first == "v" && second == "e") || (first == "l" && second == "l") {
            return 3
        }
        return 0
    }

    /// `\s+(?!\S)|\s+` at `index` (a whitespace scalar): the run, less its last scalar when a
    /// non-space follows and the run is longer than one.
    static func whitespace(_ text: [Unicode.Scalar], _ index: Int, _ end: Int) -> Int {
        let stop = run(text, from: index, to: end, isWhitespace)
        return stop < end && stop - index > 1 ? stop - 1 : stop
    }

    static func gpt2(_ text: [Unicode.Scalar], _ range: Range<Int>, into words: inout [Range<Int>]) {
        var index = range.lowerBound
        let end = range.upperBound
        while index < end {
            var stop = index + contraction(text, index, end, caseInsensitive: false)
            if stop == index {
                let body = text[index] == " " && index + 1 < end ? index + 1 : index
                let scalar = text[body]
                if isLetter(scalar) {
                    stop = run(text, from: body, to: end, isLetter)
                } else if isNumber(scalar) {
                    stop = run(text, from: body, to: end, isNumber)
                } else if isOther(scalar) {
                    stop = run(text, from: body, to: end, isOther)
                } else {
                    stop = whitespace(text, index, end)
                }
            }
            words.append(index..<stop)
            index = stop
        }
    }

    static func llama3(_ text: [Unicode.Scalar], into words: inout [Range<Int>]) {
        var index = 0
        let end = text.count
        while index < end {
            let scalar = text[index]
            var stop = index + contraction(text, index, end, caseInsensitive: true)
            if stop > index {
            } else if isLetter(scalar) {
                stop = run(text, from: index, to: end, isLetter)
            } else if !isNewline(scalar) && !isNumber(scalar) && index + 1 < end && isLetter(text[index + 1]) {
                stop = run(text, from: index + 1, to: end, isLetter)
            } else if isNumber(scalar) {
                stop = run(text, from: index, to: min(end, index + 3), isNumber)
            } else if let body = Optional(scalar == " " && index + 1 < end ? index + 1 : index), isOther(text[body]) {
                stop = run(text, from: body, to: end, isOther)
                stop = run(text, from: stop, to: end, isNewline)
            } else {
                let runEnd = run(text, from: index, to: end, isWhitespace)
                var lastNewline = -1
                for position in index..<runEnd where isNewline(text[position]) { lastNewline = position }
                stop = lastNewline >= 0 ? lastNewline + 1 : whitespace(text, index, end)
            }
            words.append(index..<stop)
            index = stop
        }
    }
}
