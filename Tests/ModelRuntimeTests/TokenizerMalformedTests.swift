import FlowCore
import Foundation
import Testing

@testable import ModelRuntime

/// Truncated and hostile tokenizer.json files and GGUF tokenizer metadata: a `TokenizerError` naming the
/// file, never a crash.
@Suite struct TokenizerMalformedTests {
    typealias B = CheckpointGGUFBuilder

    /// Writes `text` as `tokenizer.json` in a fresh folder and loads it; returns the error (nil when it loaded).
    static func load(json text: [UInt8], folder: String) -> TokenizerError? {
        let path = folder + "/tokenizer.json"
        try! Data(text).write(to: URL(fileURLWithPath: path))
        do {
            let tokenizer = try Tokenizer.load(path: folder)
            _ = tokenizer.decode(tokenizer.encode("Hello 123 wörld 🙂 <|im_end|>  \n"))
            return nil
        } catch let error as TokenizerError {
            #expect(error.path == path)
            return error
        } catch {
            Issue.record("not a TokenizerError: \(error)")
            return nil
        }
    }

    @Test func everyTruncationOfATokenizerJSONIsALocatedError() throws {
        let original = CheckpointFixtures.bytes("tokenizers/bytelevel/tokenizer.json")
        let folder = CheckpointHFFolder.temporary("tok-trunc")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(Self.load(json: original, folder: folder) == nil)
        // Every 97th cut (the file is ~15 KB; JSON parsing dominates): none may load or crash.
        for length in stride(from: 0, to: original.count - 1, by: 97) {
            #expect(Self.load(json: Array(original[..<length]), folder: folder) != nil, "cut at \(length)")
        }
    }

    @Test func hostileTokenizerJSONNamesTheProblem() throws {
        let folder = CheckpointHFFolder.temporary("tok-hostile")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let original = String(decoding: CheckpointFixtures.bytes("tokenizers/bytelevel/tokenizer.json"), as: UTF8.self)
        func reason(_ text: String) -> TokenizerError.Reason? {
            Self.load(json: Array(text.utf8), folder: folder)?.reason
        }
        #expect(reason("[]") == .malformed("not a JSON object"))
        #expect(reason("{}") == .malformed("'model' is missing"))
        #expect(
            reason(#"{"model": {"type": "Unigram", "vocab": []}}"#)
                == .unsupported("model type 'Unigram' (BPE is supported)"))
        #expect(
            reason(#"{"model": {"type": "BPE", "vocab": {"a": -1}}}"#)
                == .malformed("model.vocab entry 'a' has no valid id"))
        #expect(
            reason(#"{"model": {"type": "BPE", "vocab": {"a": 9999999}}}"#)
                == .malformed("token ids run to 10000000 for 1 tokens"))
        #expect(
            reason(#"{"model": {"type": "BPE", "vocab": {"a": 99999999999}}}"#)
                == .malformed("model.vocab entry 'a' has no valid id"))
        #expect(
            reason(
                #"{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": ["a b"]}, "pre_tokenizer": {"type": "ByteLevel"}}"#
            )
                == .malformed("merge 0 ('a b') names a token outside the vocabulary"))
        #expect(
            reason(
                #"{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": [7]}, "pre_tokenizer": {"type": "ByteLevel"}}"#
            )
                == .malformed("merge 0 is neither 'a b' nor [a, b]"))
        #expect(
            reason(#"{"model": {"type": "BPE", "vocab": {"a": 0}}, "pre_tokenizer": {"type": "Whitespace"}}"#)
                == .unsupported("pre_tokenizer Whitespace"))
        #expect(
            reason(#"{"model": {"type": "BPE", "vocab": {"a": 0}}}"#)
                == .unsupported(
                    "neither a ByteLevel pre-tokenizer nor '▁' spaces (not a byte-level or SentencePiece BPE)"))
        #expect(
            reason(
                original.replacingOccurrences(of: #""individual_digits": true"#, with: #""individual_digits": false"#))
                == .unsupported("Digits without individual_digits"))
        #expect(
            reason(original.replacingOccurrences(of: #""added_tokens": ["#, with: #""added_tokens": [{"id": "x"}, "#))
                == .malformed("added_tokens holds an entry without content and id"))
        #expect(reason(original) == nil)
        try? FileManager.default.removeItem(atPath: folder + "/tokenizer.json")
        do {
            _ = try Tokenizer.load(path: folder)
            Issue.record("a folder without tokenizer.json loaded")
        } catch let error as TokenizerError {
            #expect(error == TokenizerError(path: folder + "/tokenizer.json", .unreadable("no such file")))
        }
    }

    /// A GGUF holding only tokenizer metadata, edited by `edit`; the error's reason (nil when it loaded).
    static func ggufReason(_ edit: (inout B) -> Void) throws -> TokenizerError.Reason? {
        var builder = B()
        builder.add("tokenizer.ggml.model", string: "gpt2")
        builder.add("tokenizer.ggml.pre", string: "smollm")
        builder.add("tokenizer.ggml.tokens", strings: ["a", "b", "ab", "<s>"])
        builder.add("tokenizer.ggml.token_type", i32s: [1, 1, 1, 3])
        builder.add("tokenizer.ggml.merges", strings: ["a b"])
        builder.add("tokenizer.ggml.bos_token_id", u32: 3)
        edit(&builder)
        do {
            let tokenizer = try Tokenizer(gguf: GGUFFile(file: MappedFile(bytes: builder.bytes, path: "tok.gguf")))
            #expect(tokenizer.encode("ab<s>ba", addBOS: true, parseSpecial: true) == [3, 2, 3, 1, 0])
            return nil
        } catch let error as TokenizerError {
            #expect(error.path == "tok.gguf")
            return error.reason
        }
    }

    @Test func hostileGGUFTokenizerMetadataNamesTheProblem() throws {
        #expect(try Self.ggufReason { _ in } == nil)
        #expect(
            try Self.ggufReason { $0.metadata[0] = ("tokenizer.ggml.model", 8, B.string("bert")) }
                == .unsupported(
                    "tokenizer.ggml.model 'bert' (GGUF tokenisers 'gpt2' and 'llama' are read; use the Hugging Face folder's tokenizer.json for others)"
                ))
        #expect(
            try Self.ggufReason { $0.metadata[1] = ("tokenizer.ggml.pre", 8, B.string("qwen2")) }
                == .unsupported("tokenizer.ggml.pre 'qwen2'"))
        #expect(
            try Self.ggufReason { $0.metadata[2] = ("tokenizer.ggml.tokens", 4, B.u32(1)) }
                == .malformed("tokenizer.ggml.tokens is missing or not an array"))
        #expect(
            try Self.ggufReason { $0.metadata[3] = ("tokenizer.ggml.token_type", 9, B.u32(5) + B.u64(1) + B.u32(1)) }
                == .malformed("tokenizer.ggml.token_type has 1 entries for 4 tokens"))
        #expect(
            try Self.ggufReason { $0.metadata[4] = ("tokenizer.ggml.merges", 9, B.u32(8) + B.u64(1) + B.string("ab")) }
                == .malformed("merge 0 'ab' is not two tokens"))
        #expect(
            try Self.ggufReason { $0.metadata[4] = ("tokenizer.ggml.merges", 9, B.u32(8) + B.u64(1) + B.string("a c")) }
                == .malformed("merge 0 ('a c') names a token outside the vocabulary"))
        #expect(
            try Self.ggufReason { $0.metadata[5] = ("tokenizer.ggml.bos_token_id", 4, B.u32(9)) }
                == .malformed("BOS id 9 is outside the vocabulary of 4"))
        #expect(
            try Self.ggufReason { $0.metadata.remove(at: 0) } == .malformed("tokenizer.ggml.model is missing"))
    }

    @Test func hostileGGUFSentencePieceMetadataNamesTheProblem() throws {
        func reason(_ edit: (inout B) -> Void) throws -> TokenizerError.Reason? {
            var builder = B()
            builder.add("tokenizer.ggml.model", string: "llama")
            builder.add("tokenizer.ggml.tokens", strings: ["<unk>", "a", "b", "ab", "\u{2581}"])
            builder.metadata.append(
                ("tokenizer.ggml.scores", 9, B.u32(6) + B.u64(5) + [0, -1, -2, -0.5, -3].flatMap { B.f32($0) }))
            builder.add("tokenizer.ggml.token_type", i32s: [2, 1, 1, 1, 1])
            builder.metadata.append(("tokenizer.ggml.add_space_prefix", 7, [0]))
            edit(&builder)
            do {
                let tokenizer = try Tokenizer(gguf: GGUFFile(file: MappedFile(bytes: builder.bytes, path: "spm.gguf")))
                #expect(tokenizer.encode("ab ba", addBOS: false, parseSpecial: true) == [3, 4, 2, 1])
                return nil
            } catch let error as TokenizerError {
                #expect(error.path == "spm.gguf")
                return error.reason
            }
        }
        #expect(try reason { _ in } == nil)
        #expect(
            try reason { $0.metadata.remove(at: 2) }
                == .malformed("tokenizer.ggml.scores is missing or does not have one score per token"))
        #expect(
            try reason { $0.metadata[3] = ("tokenizer.ggml.token_type", 9, B.u32(5) + B.u64(1) + B.u32(1)) }
                == .malformed("tokenizer.ggml.token_type is missing or does not have one type per token"))
        #expect(
            try reason {
                $0.metadata[2] = (
                    "tokenizer.ggml.scores", 9, B.u32(8) + B.u64(5) + (0..<5).flatMap { _ in B.string("x") }
                )
            }
                == .malformed("tokenizer.ggml.scores holds a non-number"))
    }
}
