import Foundation

/// Text cut into model inputs: every document is tokenised (with BOS when the tokeniser adds one),
/// the token streams of all documents are joined, and the result is cut into sequences of exactly
/// `context` tokens (the tail that does not fill a sequence is dropped). Documents are the files'
/// texts, or one per line of a `.jsonl` file (its `text` field).
public struct TokenCorpus: Sendable, Equatable {
    /// Tokens per sequence.
    public let context: Int
    /// The sequences, each `context` token ids.
    public let sequences: [[Int]]

    /// Number of tokens in all sequences.
    public var tokenCount: Int { sequences.count * context }

    /// The corpus over `files`, at most `maxTokens` tokens (rounded down to whole sequences).
    public init(files: [String], tokenizer: Tokenizer, context: Int, maxTokens: Int? = nil) throws {
        precondition(context >= 1, "context must be positive")
        var tokens: [Int] = []
        let limit = maxTokens ?? Int.max
        for file in files where tokens.count < limit {
            for document in try Self.documents(in: file) where tokens.count < limit {
                // Paragraph by paragraph, so that a token budget does not tokenise a whole book.
                var first = true
                for paragraph in Self.paragraphs(of: document) where tokens.count < limit {
                    tokens += tokenizer.encode(paragraph, addBOS: first && tokenizer.addsBOS, parseSpecial: true)
                        .map(Int.init)
                    first = false
                }
            }
        }
        let count = min(tokens.count, limit) / context
        guard count > 0 else {
            throw CorpusError(path: files.last, .tooShort(tokens: tokens.count, needed: context))
        }
        self.context = context
        sequences = (0..<count).map { Array(tokens[($0 * context)..<(($0 + 1) * context)]) }
    }

    /// Sequences given directly (tests).
    public init(sequences: [[Int]], context: Int) {
        precondition(sequences.allSatisfy { $0.count == context }, "every sequence must hold `context` tokens")
        self.context = context
        self.sequences = sequences
    }

    /// A document cut after each blank line (the separators stay with the paragraph before them, so the
    /// pieces join back into the document).
    static func paragraphs(of document: String) -> [String] {
        // On UTF-8 bytes: Foundation's `range(of:)` on a long string is quadratic.
        let bytes = Array(document.utf8)
        let newline = UInt8(ascii: "\n")
        var pieces: [String] = []
        var start = 0
        var i = 0
        while i + 1 < bytes.count {
            guard bytes[i] == newline, bytes[i + 1] == newline else {
                i += 1
                continue
            }
            var end = i + 2
            while end < bytes.count, bytes[end] == newline { end += 1 }
            pieces.append(String(decoding: bytes[start..<end], as: UTF8.self))
            start = end
            i = end
        }
        if start < bytes.count { pieces.append(String(decoding: bytes[start...], as: UTF8.self)) }
        return pieces
    }

    /// The documents of one file: the whole text, or the `text` of each JSONL line.
    static func documents(in path: String) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CorpusError(path: path, .unreadable("no such file or not readable"))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CorpusError(path: path, .unreadable("not UTF-8 text"))
        }
        guard path.hasSuffix(".jsonl") else { return [text] }
        var documents: [String] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard !line.allSatisfy(\.isWhitespace) else { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let value = object["text"] as? String
            else { throw CorpusError(path: path, .badJSONLine(number + 1)) }
            documents.append(value)
        }
        return documents
    }
}
