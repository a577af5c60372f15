import Foundation
import Testing

@testable import ModelRuntime

/// Text files cut into sequences.
@Suite struct CorpusTests {
    static func tokenizer() throws -> Tokenizer {
        let folder = Bundle.module.resourcePath! + "/Fixtures/tokenizers"
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        let byteLevel = names.first { $0.contains("byte") } ?? names[0]
        return try Tokenizer.load(path: folder + "/" + byteLevel)
    }

    static func write(_ text: String, _ name: String) -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("corpus-\(getpid())-\(name)").path
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    @Test func paragraphsJoinBackIntoTheDocument() {
        let text = "One.\n\nTwo\nlines.\n\n\n\nThree."
        let pieces = TokenCorpus.paragraphs(of: text)
        #expect(pieces == ["One.\n\n", "Two\nlines.\n\n\n\n", "Three."])
        #expect(pieces.joined() == text)
    }

    @Test func sequencesHoldContextTokensAndStopAtTheBudget() throws {
        let tokenizer = try Self.tokenizer()
        let text = String(repeating: "The cat sat on the mat. It was 42 degrees.\n\n", count: 40)
        let path = Self.write(text, "plain.txt")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let all = try TokenCorpus(files: [path], tokenizer: tokenizer, context: 16)
        let expected = TokenCorpus.paragraphs(of: text).enumerated().flatMap { index, paragraph in
            tokenizer.encode(paragraph, addBOS: index == 0 && tokenizer.addsBOS, parseSpecial: true).map(Int.init)
        }
        #expect(all.sequences.count == expected.count / 16)
        #expect(all.sequences.flatMap { $0 } == Array(expected.prefix(all.sequences.count * 16)))
        #expect(all.sequences.allSatisfy { $0.count == 16 })
        let some = try TokenCorpus(files: [path], tokenizer: tokenizer, context: 16, maxTokens: 40)
        #expect(some.sequences.count == 2)
        #expect(some.sequences == Array(all.sequences.prefix(2)))
    }

    @Test func jsonlDocumentsAndTheirErrors() throws {
        let tokenizer = try Self.tokenizer()
        let good = Self.write(
            "{\"text\": \"hello world, hello world\"}\n\n{\"text\": \"again and again\"}\n", "good.jsonl")
        let bad = Self.write("{\"text\": \"fine\"}\n[1, 2]\n", "bad.jsonl")
        defer {
            try? FileManager.default.removeItem(atPath: good)
            try? FileManager.default.removeItem(atPath: bad)
        }
        #expect(try TokenCorpus.documents(in: good) == ["hello world, hello world", "again and again"])
        #expect(throws: CorpusError(path: bad, .badJSONLine(2))) { try TokenCorpus.documents(in: bad) }
        #expect(
            throws: CorpusError(
                path: good,
                .tooShort(
                    tokens: tokenizer.encode("hello world, hello world").count
                        + tokenizer.encode("again and again").count, needed: 10_000))
        ) {
            try TokenCorpus(files: [good], tokenizer: tokenizer, context: 10_000)
        }
    }
}
