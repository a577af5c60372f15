import Foundation
import Testing

@testable import ModelRuntime

/// Checks against the real SmolLM2-135M-Instruct GGUF, run only when the model and the reference made by
/// bench/runtime_files/check_smollm2.py are on disk (never downloaded by the tests):
/// `FEATUREFLOW_SMOLLM2=….gguf FEATUREFLOW_SMOLLM2_REFERENCE=dir swift test --filter CheckpointRealModelTests`.
@Suite(.enabled(if: CheckpointFixtures.smolLM2 != nil)) struct CheckpointRealModelTests {
    @Test func smolLM2ConfigAndDequantisedTensorsMatchTheGGUFPackage() throws {
        let (model, folder) = try #require(CheckpointFixtures.smolLM2)
        let checkpoint = try ModelCheckpoint.open(path: model)
        let config = checkpoint.config
        #expect(config.architecture == .llama)
        #expect(config.layerCount == 30)
        #expect(config.modelDimension == 576)
        #expect(config.headCount == 9)
        #expect(config.keyValueHeadCount == 3)
        #expect(config.headDimension == 64)
        #expect(config.feedForwardDimension == 1536)
        #expect(config.vocabularySize == 49152)
        #expect(config.tiedEmbeddings)
        let manifest =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/reference.json")))
            as! [String: Any]
        let blob = try Data(contentsOf: URL(fileURLWithPath: folder + "/reference.f32"))
        for entry in manifest["tensors"] as! [[String: Any]] {
            let name = entry["name"] as! String
            let shape = entry["shape"] as! [Int]
            let offset = entry["offset"] as! Int
            let count = shape.reduce(1, *)
            let expected = blob.withUnsafeBytes { raw in
                (0..<count).map { raw.loadUnaligned(fromByteOffset: 4 * (offset + $0), as: Float.self) }
            }
            let actual = shape.count == 1 ? try checkpoint.vector(name) : try checkpoint.matrix(name).floats()
            var worst: Float = 0
            for (a, b) in zip(actual, expected) { worst = max(worst, abs(a - b)) }
            print("SmolLM2 \(name) \(entry["type"] ?? "") \(shape): max |Δ| = \(worst)")
            #expect(actual.count == expected.count)
            #expect(worst <= 1e-6, "\(name)")
        }
    }

    @Test func smolLM2TokenizerMatchesTheTokenizersPackage() throws {
        let (model, folder) = try #require(CheckpointFixtures.smolLM2)
        let json =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/tokens.json")))
            as! [String: Any]
        let text = json["text"] as! String
        let expected = (json["ids"] as! [Int]).map(Int32.init)
        let fromGGUF = try Tokenizer.load(path: model)
        let fromJSON = try Tokenizer.load(path: folder + "/tokenizer.json")
        for tokenizer in [fromGGUF, fromJSON] {
            let ids = tokenizer.encode(text, addBOS: false, parseSpecial: true)
            print("SmolLM2 tokenizer (\(tokenizer.vocabularySize) tokens): \(ids.count) ids, equal: \(ids == expected)")
            #expect(ids == expected)
            #expect(tokenizer.decode(ids) == text)
            if let long = json["long_text"] as? String, let longIDs = json["long_ids"] as? [Int] {
                let ids = tokenizer.encode(long, addBOS: false, parseSpecial: true)
                print(
                    "SmolLM2 long text (\(long.utf8.count) bytes): \(ids.count) ids, equal: \(ids == longIDs.map(Int32.init))"
                )
                #expect(ids == longIDs.map(Int32.init))
            }
        }
        #expect(fromGGUF.bosTokenID == 1)
        #expect(fromGGUF.eosTokenID == 2)
        #expect(!fromGGUF.addsBOS)
        #expect(fromGGUF.encode("<|im_start|>user") == [1, 4093])
        let prompt = fromGGUF.chatPrompt(user: "What is the capital of France?")
        print("SmolLM2 chat prompt: \(prompt.debugDescription) → \(fromGGUF.encode(prompt))")
    }
}
