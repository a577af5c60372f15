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

extension CheckpointGGUFTests {
    @Test func theEntryPointOpensGGUFFiles() throws {
        let checkpoint = try ModelCheckpoint.open(path: CheckpointFixtures.path("tiny-llama.gguf"))
        #expect(checkpoint is GGUFCheckpoint)
        #expect(checkpoint.config.layerCount == 1)
        #expect(checkpoint.contains("model.layers.0.mlp.down_proj.weight"))
    }
}

extension CheckpointGGUFTests {
    @Test func gemma2GGUFMapsItsNormsAndRemovesTheBakedInOne() throws {
        var builder = CheckpointGGUFBuilder()
        builder.add("general.architecture", string: "gemma2")
        builder.add("gemma2.block_count", u32: 1)
        builder.add("gemma2.embedding_length", u32: 32)
        builder.add("gemma2.feed_forward_length", u32: 64)
        builder.add("gemma2.attention.head_count", u32: 2)
        builder.add("gemma2.attention.head_count_kv", u32: 1)
        builder.add("gemma2.attention.key_length", u32: 32)
        builder.add("gemma2.attention.layer_norm_rms_epsilon", f32: 1e-6)
        builder.add("gemma2.attn_logit_softcapping", f32: 50)
        builder.add("gemma2.final_logit_softcapping", f32: 30)
        builder.add("gemma2.attention.sliding_window", u32: 4096)
        builder.add("gemma2.vocab_size", u32: 4)
        let norms = [
            ("blk.0.attn_norm.weight", "model.layers.0.input_layernorm.weight"),
            ("blk.0.post_attention_norm.weight", "model.layers.0.post_attention_layernorm.weight"),
            ("blk.0.ffn_norm.weight", "model.layers.0.pre_feedforward_layernorm.weight"),
            ("blk.0.post_ffw_norm.weight", "model.layers.0.post_feedforward_layernorm.weight"),
            ("output_norm.weight", "model.norm.weight"),
        ]
        for (gguf, _) in norms { builder.addF32(gguf, [32]) }
        builder.addF32("blk.0.attn_q.weight", [32, 64])
        let checkpoint = try builder.open()
        let config = checkpoint.config
        #expect(config.architecture == .gemma2)
        #expect(config.headDimension == 32)
        #expect(config.queryPreAttentionScalar == 32)
        #expect(config.attentionLogitSoftcap == 50)
        #expect(config.finalLogitSoftcap == 30)
        #expect(config.slidingWindow == 4096)
        #expect(config.tiedEmbeddings)
        for (_, hf) in norms {
            // llama.cpp stores Gemma's gains as 1 + w: the reader gives back w.
            #expect(try checkpoint.vector(hf) == (0..<32).map { Float($0) - 1 }, "\(hf)")
        }
        // No Q/K permutation for Gemma 2 (llama.cpp runs it with NeoX-style RoPE).
        #expect(try checkpoint.matrix("model.layers.0.self_attn.q_proj.weight").floats() == (0..<2048).map(Float.init))
    }
}

extension CheckpointGGUFTests {
    /// rope_freqs.weight as convert_hf_to_gguf.py writes it for Llama 3 scaling (computed here in Double).
    static func ropeFactors(
        theta: Double, headDimension: Int, factor: Double, low: Double, high: Double, original: Double
    ) -> [Float] {
        (0..<headDimension / 2).map { index in
            let frequency = 1 / pow(theta, Double(2 * index) / Double(headDimension))
            let wavelength = 2 * Double.pi / frequency
            if wavelength < original / high { return 1 }
            if wavelength > original / low { return Float(factor) }
            let smooth = (original / wavelength - low) / (high - low)
            return Float(1 / ((1 - smooth) / factor + smooth))
        }
    }

    @Test(arguments: [(8.0, 4.0, 8192.0), (32.0, 4.0, 8192.0), (8.0, 2.0, 4096.0)])
    func llama3RopeScalingIsRecoveredFromRopeFreqs(factor: Double, high: Double, original: Double) throws {
        var builder = CheckpointGGUFBuilder()
        builder.add("general.architecture", string: "llama")
        builder.add("llama.block_count", u32: 1)
        builder.add("llama.embedding_length", u32: 256)
        builder.add("llama.feed_forward_length", u32: 512)
        builder.add("llama.attention.head_count", u32: 2)
        builder.add("llama.rope.freq_base", f32: 500_000)
        builder.add("llama.vocab_size", u32: 4)
        let factors = Self.ropeFactors(
            theta: 500_000, headDimension: 128, factor: factor, low: 1, high: high, original: original)
        while builder.data.count % 32 != 0 { builder.data.append(0) }
        builder.tensors.append(
            .init(name: "rope_freqs.weight", dims: [64], type: 0, offset: UInt64(builder.data.count)))
        builder.data += factors.flatMap { CheckpointGGUFBuilder.f32($0) }
        let scaling = try #require(try builder.open().config.ropeScaling)
        #expect(scaling.factor == Float(factor))
        #expect(scaling.lowFrequencyFactor == 1)
        #expect(abs(Double(scaling.highFrequencyFactor) - high) < 1e-3)
        #expect(scaling.originalContextLength == Int(original))
        // Factors that are not a Llama 3 blend are refused with the file's name.
        let first = builder.data.count - 4 * 64
        builder.data.replaceSubrange(first..<first + 4, with: CheckpointGGUFBuilder.f32(2))
        #expect(throws: CheckpointError.self) { try builder.open() }
    }
}
