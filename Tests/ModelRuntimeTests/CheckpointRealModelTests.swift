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
}
