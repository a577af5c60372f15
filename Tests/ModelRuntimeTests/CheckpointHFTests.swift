import Foundation
import Testing

@testable import ModelRuntime

/// Hugging Face folders written byte by byte: config fields, tensors decoded from F32/F16/BF16, shards,
/// and the errors for broken folders (each naming the file at fault).
@Suite struct CheckpointHFTests {
    typealias F = CheckpointHFFolder

    @Test func llamaFolderReadsEveryConfigFieldAndTensor() throws {
        let folder = F.llama()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let checkpoint = try ModelCheckpoint.open(path: folder)
        let expected = ModelConfig(
            architecture: .llama, layerCount: 1, modelDimension: 8, feedForwardDimension: 16, headCount: 2,
            keyValueHeadCount: 1, headDimension: 4, vocabularySize: 6, rmsNormEpsilon: 1e-5, ropeTheta: 500_000,
            ropeScaling: RopeScaling(
                factor: 8, lowFrequencyFactor: 1, highFrequencyFactor: 4, originalContextLength: 64),
            tiedEmbeddings: false, contextLength: 128)
        #expect(checkpoint.config == expected)
        for tensor in F.layerTensors(gemma: false, lmHead: true) {
            let values = F.ramp(tensor.shape.reduce(1, *), start: Self.start(tensor.name))
            if tensor.shape.count == 1 {
                #expect(try checkpoint.vector(tensor.name) == values, "\(tensor.name)")
            } else {
                let matrix = try checkpoint.matrix(tensor.name)
                #expect([matrix.rows, matrix.columns] == tensor.shape)
                #expect(matrix.floats() == values, "\(tensor.name) \(tensor.dtype)")
                var tile = [Float](repeating: .nan, count: 2 * matrix.columns)
                tile.withUnsafeMutableBufferPointer { matrix.decodeRows(1..<3, $0.baseAddress!) }
                #expect(tile == Array(values[matrix.columns..<3 * matrix.columns]))
            }
        }
        #expect(try checkpoint.matrix("model.layers.0.mlp.down_proj.weight").type == .bf16)
        #expect(try checkpoint.matrix("model.layers.0.self_attn.q_proj.weight").type == .f16)
    }

    /// The ramp start each fixture tensor was written with.
    static func start(_ name: String) -> Float {
        if name.hasSuffix("q_proj.weight") { return -16 }
        if name.hasSuffix("v_proj.weight") { return -8 }
        if name == "lm_head.weight" { return 1 }
        return 0
    }

    @Test func shardedGemmaFolderReadsTheGemmaFields() throws {
        let folder = F.gemmaSharded()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let checkpoint = try ModelCheckpoint.open(path: folder)
        let config = checkpoint.config
        #expect(config.architecture == .gemma2)
        #expect(config.headDimension == 4)
        #expect(config.queryPreAttentionScalar == 24)
        #expect(config.attentionLogitSoftcap == 50)
        #expect(config.finalLogitSoftcap == 30)
        #expect(config.slidingWindow == 16)
        #expect(config.tiedEmbeddings)
        #expect(config.contextLength == 256)
        #expect(!checkpoint.contains("lm_head.weight"))
        for tensor in F.layerTensors(gemma: true, lmHead: false) {
            #expect(checkpoint.contains(tensor.name))
            let values = F.ramp(tensor.shape.reduce(1, *), start: Self.start(tensor.name))
            let actual =
                tensor.shape.count == 1
                ? try checkpoint.vector(tensor.name) : try checkpoint.matrix(tensor.name).floats()
            #expect(actual == values, "\(tensor.name)")
        }
    }

    /// The error thrown by opening `folder` and reading every tensor.
    static func failure(_ folder: String) -> CheckpointError? {
        do {
            let checkpoint = try ModelCheckpoint.open(path: folder)
            for tensor in F.layerTensors(gemma: checkpoint.config.architecture == .gemma2, lmHead: false) {
                if tensor.shape.count == 1 {
                    _ = try checkpoint.vector(tensor.name)
                } else {
                    _ = try checkpoint.matrix(tensor.name).floats()
                }
            }
            return nil
        } catch let error as CheckpointError {
            return error
        } catch {
            Issue.record("not a CheckpointError: \(error)")
            return nil
        }
    }

    @Test func brokenFoldersNameTheFileAtFault() throws {
        var folder = F.llama()
        F.write(F.llamaConfig.replacingOccurrences(of: "\"llama\"", with: "\"mistral\""), folder, "config.json")
        #expect(
            Self.failure(folder) == CheckpointError(path: folder + "/config.json", .unsupportedArchitecture("mistral")))
        F.write("{\"model_type\": \"llama\"", folder, "config.json")
        #expect(
            Self.failure(folder) == CheckpointError(path: folder + "/config.json", .badMetadata("not a JSON object")))
        F.write(
            F.llamaConfig.replacingOccurrences(of: "\"hidden_size\": 8", with: "\"hidden_size\": 8.5"), folder,
            "config.json")
        #expect(
            Self.failure(folder)
                == CheckpointError(path: folder + "/config.json", .badMetadata("hidden_size must be an integer")))
        F.write(F.llamaConfig.replacingOccurrences(of: "\"llama3\"", with: "\"yarn\""), folder, "config.json")
        #expect(Self.failure(folder)?.path == folder + "/config.json")
        F.write(
            F.llamaConfig.replacingOccurrences(of: "\"hidden_size\": 8", with: "\"hidden_size\": 16"), folder,
            "config.json")
        #expect(
            Self.failure(folder)
                == CheckpointError(
                    path: folder + "/model.safetensors",
                    .badShape(tensor: "model.embed_tokens.weight", shape: [6, 8], why: "the config implies [6, 16]")))
        F.write(F.llamaConfig, folder, "config.json")
        let bytes = F.safetensors(F.layerTensors(gemma: false, lmHead: true))
        F.write(Array(bytes.dropLast(3)), folder, "model.safetensors")
        #expect(Self.failure(folder)?.path == folder + "/model.safetensors")
        var tensors = F.layerTensors(gemma: false, lmHead: true)
        tensors[3] = F.Tensor(name: tensors[3].name, dtype: "I32", shape: [4, 8], bytes: tensors[3].bytes)
        F.write(F.safetensors(tensors), folder, "model.safetensors")
        #expect(
            Self.failure(folder)
                == CheckpointError(
                    path: folder + "/model.safetensors",
                    .unsupportedTensorType(tensor: "model.layers.0.self_attn.k_proj.weight", type: "I32")))
        F.write(F.safetensors(F.layerTensors(gemma: false, lmHead: false)), folder, "model.safetensors")
        #expect(Self.failure(folder) == CheckpointError(path: folder, .missingTensor("lm_head.weight")))
        try FileManager.default.removeItem(atPath: folder + "/model.safetensors")
        #expect(Self.failure(folder)?.path == folder + "/model.safetensors")
        try FileManager.default.removeItem(atPath: folder)

        folder = F.gemmaSharded()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let index = folder + "/model.safetensors.index.json"
        let original = try String(contentsOfFile: index, encoding: .utf8)
        F.write(
            original.replacingOccurrences(of: "\"metadata\": {}", with: "\"metadata\": {}, \"x\": 1")
                .replacingOccurrences(of: "weight_map", with: "weights"), folder, "model.safetensors.index.json")
        #expect(
            Self.failure(folder) == CheckpointError(path: index, .badMetadata("weight_map is missing or not an object"))
        )
        F.write(
            original.replacingOccurrences(of: "}}", with: ", \"extra.weight\": \"model-00002-of-00002.safetensors\"}}"),
            folder, "model.safetensors.index.json")
        #expect(
            Self.failure(folder)
                == CheckpointError(path: folder + "/model-00002-of-00002.safetensors", .missingTensor("extra.weight")))
        F.write(original.replacingOccurrences(of: "00002-of", with: "00003-of"), folder, "model.safetensors.index.json")
        #expect(Self.failure(folder)?.path == folder + "/model-00003-of-00002.safetensors")
        F.write(original, folder, "model.safetensors.index.json")
        #expect(Self.failure(folder) == nil)
    }

    @Test func pathsThatAreNotModelsAreRefused() throws {
        #expect(throws: CheckpointError.self) { try ModelCheckpoint.open(path: "/nonexistent/folder") }
        let folder = F.temporary("hf-empty")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        F.write("x", folder, "weights.bin")
        #expect(
            Self.failure(folder) == CheckpointError(path: folder + "/config.json", .unreadable("no such file")))
        do {
            _ = try ModelCheckpoint.open(path: folder + "/weights.bin")
            Issue.record("a .bin file opened")
        } catch let error as CheckpointError {
            #expect(error.path == folder + "/weights.bin")
        }
    }
}
