import Foundation
import Testing

@testable import ModelRuntime

/// Token ids against the `tokenizers` package (bench/runtime_files/tokenizer_reference.py): three tiny
/// trained BPE tokenisers (SmolLM2-style byte-level, Llama-3-style byte-level, Gemma-style SentencePiece
/// with byte fallback) on texts with Unicode, code, numbers, whitespace runs and special tokens.
@Suite struct TokenizerReferenceTests {
    static let folder = CheckpointFixtures.path("tokenizers")

    struct Reference {
        var texts: [String]
        var ids: [[Int32]]
        var withSpecial: [[Int32]]
        var decoded: [String]
    }

    static func reference(_ name: String) -> Reference {
        let json =
            try! JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: folder + "/expected.json"))) as! [String: Any]
        let entry = json[name] as! [String: Any]
        func lists(_ key: String) -> [[Int32]] { (entry[key] as! [[Int]]).map { $0.map(Int32.init) } }
        return Reference(
            texts: json["texts"] as! [String], ids: lists("ids"), withSpecial: lists("with_special"),
            decoded: entry["decoded"] as! [String])
    }

    static func check(_ tokenizer: Tokenizer, against name: String, withSpecial: Bool = true) {
        let reference = reference(name)
        for (index, text) in reference.texts.enumerated() {
            let ids = tokenizer.encode(text, addBOS: false, parseSpecial: true)
            #expect(ids == reference.ids[index], "\(name) text \(index): \(text.debugDescription)")
            if withSpecial {
                #expect(tokenizer.encode(text) == reference.withSpecial[index], "\(name) text \(index) with BOS")
            }
            #expect(tokenizer.decode(reference.ids[index]) == reference.decoded[index], "\(name) decode \(index)")
        }
    }

    @Test func byteLevelFromTokenizerJSON() throws {
        let tokenizer = try Tokenizer.load(path: Self.folder + "/bytelevel")
        #expect(tokenizer.kind == .byteLevel)
        Self.check(tokenizer, against: "bytelevel")
        #expect(!tokenizer.addsBOS)
        #expect(tokenizer.eosTokenID == tokenizer.id(of: "<|im_end|>"))
        #expect(tokenizer.stopTokenIDs == [tokenizer.id(of: "<|im_end|>")!])
        #expect(
            tokenizer.chatTemplate
                == .chatML(defaultSystem: "You are a helpful AI assistant named SmolLM, trained by Hugging Face"))
        #expect(
            tokenizer.chatPrompt(user: "Hi")
                == "<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n"
                + "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n")
        // Without special handling, "<|im_end|>" is ordinary text.
        let plain = tokenizer.encode("<|im_end|>", addBOS: false, parseSpecial: false)
        #expect(plain.count > 1 && !plain.contains(tokenizer.id(of: "<|im_end|>")!))
        #expect(tokenizer.decode(plain) == "<|im_end|>")
    }

    @Test func byteLevelFromGGUFMetadata() throws {
        let tokenizer = try Tokenizer.load(path: Self.folder + "/bytelevel.gguf")
        Self.check(tokenizer, against: "bytelevel")
        #expect(tokenizer.bosTokenID == tokenizer.id(of: "<|im_start|>"))
        #expect(tokenizer.eosTokenID == tokenizer.id(of: "<|im_end|>"))
        #expect(!tokenizer.addsBOS)
        if case .chatML(let system) = tokenizer.chatTemplate {
            #expect(system != nil)
        } else {
            Issue.record("no ChatML")
        }
    }

    @Test func llama3FromTokenizerJSONAndGGUF() throws {
        let json = try Tokenizer.load(path: Self.folder + "/llama3")
        Self.check(json, against: "llama3")
        #expect(json.addsBOS)
        #expect(json.bosTokenID == json.id(of: "<|begin_of_text|>"))
        let gguf = try Tokenizer.load(path: Self.folder + "/llama3.gguf")
        Self.check(gguf, against: "llama3")
    }

    @Test func sentencePieceWithByteFallback() throws {
        let tokenizer = try Tokenizer.load(path: Self.folder + "/sentencepiece")
        #expect(tokenizer.kind == .sentencePiece)
        Self.check(tokenizer, against: "sentencepiece")
        #expect(tokenizer.addsBOS)
        #expect(tokenizer.bosTokenID == tokenizer.id(of: "<bos>"))
        #expect(tokenizer.eosTokenID == tokenizer.id(of: "<eos>"))
        #expect(tokenizer.stopTokenIDs == [tokenizer.id(of: "<eos>")!, tokenizer.id(of: "<end_of_turn>")!])
        #expect(tokenizer.chatTemplate == .gemma)
        #expect(tokenizer.chatPrompt(user: " Hi ") == "<start_of_turn>user\nHi<end_of_turn>\n<start_of_turn>model\n")
        // The emoji is not in the tiny vocabulary: it falls back to its four UTF-8 bytes.
        let emoji = tokenizer.encode("\u{1F642}", addBOS: false, parseSpecial: true)
        #expect(emoji.compactMap { tokenizer.tokenString($0) } == ["<0xF0>", "<0x9F>", "<0x99>", "<0x82>"])
        #expect(tokenizer.decode(emoji) == "\u{1F642}")
        #expect(tokenizer.tokenText(emoji[0]) == "\u{FFFD}")
    }

    @Test func llama2StyleSentencePiecePrependsAndStrips() throws {
        let tokenizer = try Tokenizer.load(path: Self.folder + "/llama2")
        #expect(tokenizer.kind == .sentencePiece)
        #expect(tokenizer.addsBOS)
        Self.check(tokenizer, against: "llama2")
    }

    @Test func metaspaceSentencePiece() throws {
        let tokenizer = try Tokenizer.load(path: Self.folder + "/metaspace")
        #expect(tokenizer.kind == .sentencePiece)
        // tokenizer_config.json's add_bos_token: false overrides the post-processor's <bos>.
        #expect(!tokenizer.addsBOS)
        Self.check(tokenizer, against: "metaspace", withSpecial: false)
    }

    @Test func sentencePieceFromGGUFMatchesTheSentencepiecePackage() throws {
        let tokenizer = try Tokenizer.load(path: Self.folder + "/spm.gguf")
        #expect(tokenizer.kind == .sentencePiece)
        #expect(tokenizer.addsBOS)
        #expect(tokenizer.bosTokenID == tokenizer.id(of: "<s>"))
        #expect(tokenizer.eosTokenID == tokenizer.id(of: "</s>"))
        let json =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Self.folder + "/spm.json")))
            as! [String: Any]
        let texts = json["texts"] as! [String]
        let ids = (json["ids"] as! [[Int]]).map { $0.map(Int32.init) }
        let decoded = json["decoded"] as! [String]
        for (index, text) in texts.enumerated() {
            #expect(tokenizer.encode(text, addBOS: false, parseSpecial: true) == ids[index], "\(text.debugDescription)")
            #expect(tokenizer.encode(text) == [tokenizer.bosTokenID!] + ids[index])
            #expect(tokenizer.decode(ids[index]) == decoded[index])
        }
    }
}
