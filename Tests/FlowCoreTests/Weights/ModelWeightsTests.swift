import Foundation
import Testing

@testable import FlowCore

@Suite struct ModelWeightsTests {
    typealias W = FixtureWriter

    @Test func readsShardedGemmaCheckpoint() throws {
        let folder = W.temporaryFolder("model")
        W.write(#"{"model_type": "gemma2", "hidden_size": 3}"#, to: folder + "/config.json")
        let wO = W.grid(rows: 3, columns: 4)
        W.write(
            W.safetensors([.bf16("model.layers.0.self_attn.o_proj.weight", [3, 4], wO)]),
            to: folder + "/model-00001-of-00002.safetensors")
        W.write(
            W.safetensors([
                .f32("model.layers.0.post_attention_layernorm.weight", [3], [0.5, -1, 2]),
                .f32("model.layers.0.pre_feedforward_layernorm.weight", [3], [0, 0, 0]),
            ]),
            to: folder + "/model-00002-of-00002.safetensors")
        W.write(
            """
            {"metadata": {"total_size": 36}, "weight_map": {
              "model.layers.0.self_attn.o_proj.weight": "model-00001-of-00002.safetensors",
              "model.layers.0.post_attention_layernorm.weight": "model-00002-of-00002.safetensors",
              "model.layers.0.pre_feedforward_layernorm.weight": "model-00002-of-00002.safetensors"}}
            """, to: folder + "/model.safetensors.index.json")
        let model = try ModelWeights.load(directory: folder)
        let attention = try model.attentionOutput(layer: 0)
        #expect(attention.dModel == 3 && attention.dHead == 4)
        #expect(attention.wO == wO)
        #expect(attention.gain == [1.5, 0, 3])
        #expect(throws: WeightError(path: folder, .missingTensor("model.layers.1.self_attn.o_proj.weight"))) {
            try model.attentionOutput(layer: 1)
        }
    }

    @Test func llamaStyleLayersHaveNoAttentionOutputGain() throws {
        let folder = W.temporaryFolder("llama")
        W.write(#"{"model_type": "llama"}"#, to: folder + "/config.json")
        W.write(
            W.safetensors([
                .f32("model.layers.2.self_attn.o_proj.weight", [2, 2], [1, 2, 3, 4]),
                .f32("model.layers.2.post_attention_layernorm.weight", [2], [0.5, 2]),
                .f32("model.layers.3.self_attn.o_proj.weight", [2, 2], [1, 0, 0, 1]),
            ]), to: folder + "/model.safetensors")
        let model = try ModelWeights.load(directory: folder)
        // Llama's post_attention_layernorm feeds the MLP: not on the attention output path.
        #expect(try model.attentionOutput(layer: 2).gain == nil)
        #expect(try model.attentionOutput(layer: 2).wO == [1, 2, 3, 4])
        #expect(try model.attentionOutput(layer: 3).gain == nil)
    }

    /// Gemma 2 normalises the attention output whether or not a checkpoint carries
    /// `pre_feedforward_layernorm`: the architecture comes from config.json (issue #11).
    @Test func gemma2GainIsKeptWithoutPreFeedforwardNorm() throws {
        let folder = W.temporaryFolder("gemma2-nopre")
        W.write(#"{"model_type": "gemma2"}"#, to: folder + "/config.json")
        W.write(
            W.safetensors([
                .f32("model.layers.0.self_attn.o_proj.weight", [2, 2], [1, 2, 3, 4]),
                .f32("model.layers.0.post_attention_layernorm.weight", [2], [0.5, -1]),
                .f32("model.layers.1.self_attn.o_proj.weight", [2, 2], [1, 0, 0, 1]),
            ]), to: folder + "/model.safetensors")
        let model = try ModelWeights.load(directory: folder)
        #expect(try model.attentionOutput(layer: 0).gain == [1.5, 0])
        // The norm the architecture has is missing: an error, not a silently dropped gain.
        #expect(
            throws: WeightError(path: folder, .missingTensor("model.layers.1.post_attention_layernorm.weight"))
        ) { try model.attentionOutput(layer: 1) }
    }
}
