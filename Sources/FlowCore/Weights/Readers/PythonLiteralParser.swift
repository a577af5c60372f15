/// Parses the small subset of Python literals used in .npy headers: dicts, tuples, lists, strings, ints, booleans.
struct PythonLiteralParser {
    /// A parsed literal.
    indirect enum Value: Equatable {
        case dict([String: Value])
        case tuple([Value])
        case list([Value])
        case string(String)
        case int(Int)
        case bool(Bool)
        case none
    }

    struct Failure: Error {}

    /// Deepest nesting accepted: real headers nest two levels; a header of 65 535 `[` must not exhaust the stack.
    static let maximumDepth = 32

    private let characters: [Character]
    private var index = 0
    private var depth = 0

    init(text: String) { characters = Array(text) }

    mutating func parseValue() throws -> Value {
        skipSpace()
        guard index < characters.count, depth < Self.maximumDepth else { throw Failure() }
        depth += 1
        defer { depth -= 1 }
        let character = characters[index]
        switch character {
        case "{":
            index += 1
            var dict: [String: Value] = [:]
            while true {
                skipSpace()
                if peek("}") { index += 1; return .dict(dict) }
                guard case .string(let key) = try parseValue() else { throw Failure() }
                skipSpace()
                guard peek(":") else { throw Failure() }
                index += 1
                dict[key] = try parseValue()
                skipSpace()
                if peek(",") { index += 1 } else if !peek("}") { throw Failure() }
            }
        case "(", "[":
            let close: Character = character == "(" ? ")" : "]"
            index += 1
            var items: [Value] = []
            while true {
                skipSpace()
                if peek(close) { index += 1; return character == "(" ? .tuple(items) : .list(items) }
                items.append(try parseValue())
                skipSpace()
                if peek(",") { index += 1 } else if !peek(close) { throw Failure() }
            }
        case "'", "\"":
            index += 1
            var text = ""
            while index < characters.count && characters[index] != character {
                text.append(characters[index])
                index += 1
            }
            guard index < characters.count else { throw Failure() }
            index += 1
            return .string(text)
        default:
            var word = ""
            while index < characters.count,
                characters[index].isLetter || characters[index].isNumber || characters[index] == "-"
            {
                word.append(characters[index])
                index += 1
            }
            switch word {
            case "True": return .bool(true)
            case "False": return .bool(false)
            case "None": return .none
            default:
                // Ancient numpy wrote Python 2 longs such as `3L`.
                let digits = word.hasSuffix("L") ? String(word.dropLast()) : word
                guard let value = Int(digits) else { throw Failure() }
                return .int(value)
            }
        }
    }

    private mutating func skipSpace() {
        while index < characters.count, characters[index].isWhitespace { index += 1 }
    }

    private func peek(_ character: Character) -> Bool { index < characters.count && characters[index] == character }
}
