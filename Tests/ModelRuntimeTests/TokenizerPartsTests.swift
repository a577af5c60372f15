import Foundation
import Testing

@testable import ModelRuntime

/// The BPE merge loop and the hand-written pre-tokenisers on small cases worked out by hand (the
/// reference suites compare whole pipelines with the `tokenizers` package).
@Suite struct TokenizerPartsTests {
    /// A table over ids a=0, b=1, c=2 where `merges` (left, right, merged) are in rank order.
    static func table(_ merges: [(Int32, Int32, Int32)]) -> BPEMerges {
        var table: [UInt64: UInt64] = [:]
        for (rank, (left, right, merged)) in merges.enumerated() {
            table[BPEMerges.key(left, right)] = UInt64(rank) << 32 | UInt64(merged)
        }
        return BPEMerges(table: table)
    }

    @Test func lowestRankFirstThenLeftmost() {
        // 3 = ab, 4 = bc, 5 = aa.
        var symbols: [Int32] = [0, 1, 2]
        Self.table([(0, 1, 3), (1, 2, 4)]).apply(&symbols)
        #expect(symbols == [3, 2])
        symbols = [0, 1, 2]
        Self.table([(1, 2, 4), (0, 1, 3)]).apply(&symbols)
        #expect(symbols == [0, 4])
        symbols = [0, 0, 0]
        Self.table([(0, 0, 5)]).apply(&symbols)
        #expect(symbols == [5, 0])
        symbols = [0, 0, 0, 0]
        Self.table([(0, 0, 5), (5, 5, 6)]).apply(&symbols)
        #expect(symbols == [6])
        symbols = []
        Self.table([(0, 0, 5)]).apply(&symbols)
        #expect(symbols.isEmpty)
    }

    static func words(_ pre: PreTokenizer, _ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        return pre.split(scalars).map { range in
            var word = ""
            word.unicodeScalars.append(contentsOf: scalars[range])
            return word
        }
    }

    @Test func gpt2Splits() {
        #expect(Self.words(.gpt2, "Hello world") == ["Hello", " world"])
        #expect(Self.words(.gpt2, "a  b") == ["a", " ", " b"])
        #expect(Self.words(.gpt2, "a \n\n b") == ["a", " \n\n", " b"])
        #expect(Self.words(.gpt2, "x   ") == ["x", "   "])
        #expect(Self.words(.gpt2, "I'll it's") == ["I", "'ll", " it", "'s"])
        #expect(Self.words(.gpt2, "HE'S") == ["HE", "'", "S"])
        #expect(Self.words(.gpt2, "2023 is 12%!") == ["2023", " is", " 12", "%!"])
        #expect(Self.words(.gpt2, "café 日本") == ["café", " 日本"])
        #expect(Self.words(.smollm, "in 2023,") == ["in", " ", "2", "0", "2", "3", ","])
    }

    @Test func llama3Splits() {
        #expect(Self.words(.llama3, "Hello world") == ["Hello", " world"])
        #expect(Self.words(.llama3, "1234567") == ["123", "456", "7"])
        #expect(Self.words(.llama3, "HE'S (x)") == ["HE", "'S", " (", "x", ")"])
        #expect(Self.words(.llama3, "a \n\n b") == ["a", " \n\n", " b"])
        #expect(Self.words(.llama3, "a;\n\nb") == ["a", ";\n\n", "b"])
        #expect(Self.words(.llama3, "\tfoo") == ["\tfoo"])
        #expect(Self.words(.none, "a b") == ["a b"])
    }
}

extension TokenizerPartsTests {
    /// A malformed file (real ones give an added token the id of the same string in the vocabulary):
    /// `tokenizers` would move `<pad>` to a fresh id; here it keeps id 0 for decoding and `a` stays encodable.
    @Test func anAddedTokenThatTakesAVocabularyIDLeavesTheVocabularyEntryEncodable() throws {
        let folder = CheckpointHFFolder.temporary("tok-alias")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        CheckpointHFFolder.write(
            #"""
            {"added_tokens": [{"id": 0, "content": "<pad>", "special": true}],
             "normalizer": {"type": "Replace", "pattern": {"String": " "}, "content": "▁"},
             "model": {"type": "BPE", "byte_fallback": true, "vocab": {"a": 0, "b": 1, "ab": 2, "▁": 3},
                       "merges": ["a b"]}}
            """#, folder, "tokenizer.json")
        let tokenizer = try Tokenizer.load(path: folder)
        #expect(tokenizer.encode("ab a") == [2, 3, 0])
        #expect(tokenizer.encode("<pad>b") == [0, 1])
        #expect(tokenizer.decode([0, 2]) == "<pad>ab")
    }
}
