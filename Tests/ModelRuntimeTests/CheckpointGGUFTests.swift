import Foundation
import Testing

@testable import ModelRuntime

/// The GGUF reader against files written and dequantised by the PyPI `gguf` package (make_fixtures.py).
@Suite struct CheckpointGGUFTests {
    @Test func everyTypeDecodesLikeTheGGUFPackage() throws {
        let file = try GGUFFile(path: CheckpointFixtures.path("quants.gguf"))
        let expected = CheckpointFixtures.expected("quants")
        #expect(file.version == 3)
        #expect(file.tensors.count == 8)
        for info in file.tensors {
            let type = try #require(info.type.weightType, "\(info.name)")
            #expect(type.rawValue.lowercased() == info.name)
            let matrix = GGUFCheckpoint.rows(
                of: info, type: type, in: file, name: info.name, rows: info.dimensions[1],
                columns: info.dimensions[0], ropeHeads: 0)
            let reference = try #require(expected[info.name])
            #expect([matrix.rows, matrix.columns] == reference.shape)
            // Tolerance 1e-6 relative: only the order of float products may differ from NumPy's.
            #expect(CheckpointFixtures.maxError(matrix.floats(), reference.values) <= 1e-6, "\(info.name)")
            // A tile starting at row 1 decodes the same values as the whole matrix.
            var tile = [Float](repeating: .nan, count: matrix.columns)
            tile.withUnsafeMutableBufferPointer { matrix.decodeRows(1..<2, $0.baseAddress!) }
            #expect(tile == Array(matrix.floats()[matrix.columns...]))
        }
    }

    @Test func tinyLlamaLoadsUnderHuggingFaceNames() throws {
        let checkpoint = try GGUFCheckpoint(path: CheckpointFixtures.path("tiny-llama.gguf"))
        let config = checkpoint.config
        #expect(config.architecture == .llama)
        #expect(config.layerCount == 1)
        #expect(config.modelDimension == 32)
        #expect(config.feedForwardDimension == 32)
        #expect(config.headCount == 2)
        #expect(config.keyValueHeadCount == 1)
        #expect(config.headDimension == 16)
        #expect(config.vocabularySize == 4)
        #expect(config.contextLength == 64)
        #expect(config.ropeTheta == 100_000)
        #expect(abs(config.rmsNormEpsilon - 1e-5) < 1e-12)
        #expect(config.tiedEmbeddings)
        #expect(!checkpoint.contains("lm_head.weight"))
        #expect(throws: CheckpointError.self) { try checkpoint.matrix("lm_head.weight") }
        for (name, reference) in CheckpointFixtures.expected("tiny-llama") {
            #expect(checkpoint.contains(name), "\(name)")
            if reference.shape.count == 1 {
                #expect(try checkpoint.vector(name) == reference.values, "\(name)")
            } else {
                let matrix = try checkpoint.matrix(name)
                #expect([matrix.rows, matrix.columns] == reference.shape, "\(name)")
                // Q and K come back in Hugging Face's row order (the fixture undid the permutation in NumPy).
                #expect(CheckpointFixtures.maxError(matrix.floats(), reference.values) <= 1e-6, "\(name)")
            }
        }
    }
}
