/// Parses a template into `CompiledTemplate` nodes, on UTF-8 bytes, following swift-mustache 2's parser step by step
/// (`MustacheTemplate.parse`): a line is read as leading blanks, then text up to a newline or `{{`; a section, inverted
/// section, closing, comment, pragma or partial tag alone on its line (blanks around it) is standalone and takes its
/// line with it; the blanks before a tag that is not standalone stay as text. Returns nil for anything outside the
/// subset `CompiledTemplate` describes, so the caller can fall back to swift-mustache.
struct TemplateParser {
    /// A construct this parser does not compile.
    struct Unsupported: Error {}

    private let bytes: [UInt8]
    private var position = 0

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The compiled template, or nil when `text` uses something outside the subset.
    static func compile(_ text: String) -> CompiledTemplate? {
        let bytes = Array(text.utf8)
        guard !hasOtherLineBreaks(bytes) else { return nil }
        var parser = TemplateParser(bytes)
        guard let nodes = try? parser.parse(section: nil, newLine: true) else { return nil }
        return CompiledTemplate(nodes: nodes)
    }

    /// CR, VT, FF, NEL, LS and PS: line breaks to swift-mustache (a `Character` that `isNewline`), not to this parser.
    static func hasOtherLineBreaks(_ bytes: [UInt8]) -> Bool {
        for i in bytes.indices {
            switch bytes[i] {
            case 0x0B, 0x0C, 0x0D: return true
            case 0xC2 where i + 1 < bytes.count && bytes[i + 1] == 0x85: return true
            case 0xE2
            where i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
                return true
            default: continue
            }
        }
        return false
    }

    private static let newline = UInt8(ascii: "\n")
    private static let brace = UInt8(ascii: "{")

    private var atEnd: Bool { position >= bytes.count }

    private mutating func parse(section: String?, newLine startNewLine: Bool) throws -> [CompiledTemplate.Node] {
        var nodes: [CompiledTemplate.Node] = []
        var newLine = startNewLine
        var blanks: [UInt8] = []
        func flushBlanks() {
            if !blanks.isEmpty {
                nodes.append(.text(blanks))
                blanks = []
            }
        }
        while !atEnd {
            if newLine { blanks = readBlanks() }
            let text = readText()
            if !atEnd && bytes[position] == Self.newline {
                nodes.append(.text(blanks + text + [Self.newline]))
                newLine = true
                position += 1
                continue
            }
            if !text.isEmpty {
                nodes.append(.text(blanks + text))
                blanks = []
                newLine = false
            }
            if atEnd { break }
            var setNewLine = false
            let kind = bytes[position]
            switch kind {
            case UInt8(ascii: "#"), UInt8(ascii: "^"):
                position += 1
                let name = try readName()
                if newLine && lineFinished() { setNewLine = true } else { flushBlanks() }
                let body = try parse(section: name, newLine: setNewLine)
                nodes.append(kind == UInt8(ascii: "#") ? .section(name, body) : .inverted(name, body))
            case UInt8(ascii: "/"):
                position += 1
                guard try readName() == section else { throw Unsupported() }
                if !(newLine && lineFinished()) { flushBlanks() }
                return nodes
            case UInt8(ascii: "!"):
                position += 1
                try skipComment()
                setNewLine = newLine && lineFinished()
            case UInt8(ascii: "{"):
                flushBlanks()
                position += 1
                let name = try readName()
                guard !atEnd, bytes[position] == UInt8(ascii: "}") else { throw Unsupported() }
                position += 1
                nodes.append(.unescaped(name))
            case UInt8(ascii: "&"):
                flushBlanks()
                position += 1
                nodes.append(.unescaped(try readName()))
            case UInt8(ascii: ">"):
                position += 1
                skipWhitespace()
                let name = try readName(partial: true)
                if newLine && lineFinished() {
                    // A standalone partial indents every line by the blanks before it: not compiled.
                    guard blanks.isEmpty else { throw Unsupported() }
                    setNewLine = true
                } else {
                    flushBlanks()
                }
                blanks = []
                nodes.append(.partial(name))
            case UInt8(ascii: "%"):
                position += 1
                try readContentTypePragma()
                setNewLine = newLine && lineFinished()
            case UInt8(ascii: "<"), UInt8(ascii: "$"), UInt8(ascii: "="):
                throw Unsupported()
            default:
                flushBlanks()
                nodes.append(.variable(try readName()))
            }
            newLine = setNewLine
        }
        guard section == nil else { throw Unsupported() }
        return nodes
    }

    /// Spaces and tabs at the start of a line.
    private mutating func readBlanks() -> [UInt8] {
        let start = position
        while !atEnd && (bytes[position] == 0x20 || bytes[position] == 0x09) { position += 1 }
        return Array(bytes[start..<position])
    }

    /// Text up to a newline (not consumed) or `{{` (consumed).
    private mutating func readText() -> [UInt8] {
        let start = position
        while !atEnd {
            let byte = bytes[position]
            if byte == Self.newline { return Array(bytes[start..<position]) }
            if byte == Self.brace && position + 1 < bytes.count && bytes[position + 1] == Self.brace {
                position += 2
                return Array(bytes[start..<(position - 2)])
            }
            position += 1
        }
        return Array(bytes[start..<position])
    }

    /// True at the end, or when only blanks and a newline follow (then consumed).
    private mutating func lineFinished() -> Bool {
        if atEnd { return true }
        var probe = position
        while probe < bytes.count && (bytes[probe] == 0x20 || bytes[probe] == 0x09) { probe += 1 }
        guard probe < bytes.count && bytes[probe] == Self.newline else { return false }
        position = probe + 1
        return true
    }

    private mutating func skipWhitespace() {
        while !atEnd && (bytes[position] == 0x20 || bytes[position] == 0x09 || bytes[position] == Self.newline) {
            position += 1
        }
    }

    private static func isNameByte(_ byte: UInt8, partial: Bool) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"),
            UInt8(ascii: "?"):
            return true
        case UInt8(ascii: "/"): return partial
        default: return false
        }
    }

    /// A tag name and the closing `}}`. Transforms, dotted names (but `.`), `*` and empty names are not compiled.
    private mutating func readName(partial: Bool = false) throws -> String {
        skipWhitespace()
        let start = position
        while !atEnd && Self.isNameByte(bytes[position], partial: partial) { position += 1 }
        let name = String(decoding: bytes[start..<position], as: UTF8.self)
        skipWhitespace()
        try expectClose()
        guard !name.isEmpty, name == "." || !name.contains(".") else { throw Unsupported() }
        return name
    }

    private mutating func expectClose() throws {
        guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "}"), bytes[position + 1] == UInt8(ascii: "}")
        else { throw Unsupported() }
        position += 2
    }

    private mutating func skipComment() throws {
        while position + 1 < bytes.count {
            if bytes[position] == UInt8(ascii: "}") && bytes[position + 1] == UInt8(ascii: "}") {
                position += 2
                return
            }
            position += 1
        }
        throw Unsupported()
    }

    /// `% CONTENT_TYPE: HTML}}` (the only pragma the site uses; both escapers give the same bytes).
    private mutating func readContentTypePragma() throws {
        skipWhitespace()
        let start = position
        while !atEnd && bytes[position] != UInt8(ascii: "}") { position += 1 }
        let body = String(decoding: bytes[start..<position], as: UTF8.self)
        try expectClose()
        let parts = body.split(separator: ":").map { $0.trimmingCharacters(in: " \t\n") }
        guard parts == ["CONTENT_TYPE", "HTML"] else { throw Unsupported() }
    }
}

extension StringProtocol {
    fileprivate func trimmingCharacters(in set: String) -> String {
        let blanks = Set(set)
        var slice = Substring(self)
        while let first = slice.first, blanks.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, blanks.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
