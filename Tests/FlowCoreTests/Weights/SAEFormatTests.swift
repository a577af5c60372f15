import Foundation
import Testing

@testable import FlowCore

@Suite struct SAEFormatTests {
    typealias W = FixtureWriter

    func load(_ folder: String) throws -> SAE {
        var warnings: [String] = []
        return try SAELensReader.load(folder: folder, warnings: &warnings)
    }

    @Test func readsSAELensV6() throws {
        let folder = W.temporaryFolder("v6") + "/blocks.3.hook_resid_post"
        W.saelensFolder(
            at: folder, config: W.v6Config(dIn: 4, dSAE: 6, hook: "blocks.3.hook_resid_post"),
            tensors: W.saeTensors(dIn: 4, dSAE: 6, threshold: true))
        let sae = try load(folder)
        #expect(sae.layer == 3 && sae.hookSite == .res && sae.hookName == "blocks.3.hook_resid_post")
        #expect(sae.dIn == 4 && sae.dSAE == 6 && sae.architecture == .jumprelu && !sae.needsProjection)
        #expect(sae.source.format == .saelens && sae.source.dtype == "F32")
        #expect(sae.source.neuronpediaID == "tiny/blocks.3.hook_resid_post")
        #expect(sae.threshold == (0..<6).map { Float($0) * 0.125 })
        #expect(try sae.decoder.row(4) == Array(W.grid(rows: 6, columns: 4)[16..<20]))
    }

    @Test func readsSAELensFlatTopKAndHookZ() throws {
        let folder = W.temporaryFolder("v5") + "/blocks.2.attn.hook_z"
        let config = """
            {"architecture": "standard", "d_in": 4, "d_sae": 6, "dtype": "torch.float32", "model_name": "tiny",
             "hook_name": "blocks.2.attn.hook_z", "hook_layer": 2, "hook_head_index": null,
             "activation_fn_str": "topk", "activation_fn_kwargs": {"k": 3}, "normalize_activations": "none",
             "neuronpedia_id": "tiny/2-att", "l1_coefficient": 5}
            """
        W.saelensFolder(
            at: folder, config: config, tensors: W.saeTensors(dIn: 4, dSAE: 6, threshold: false, bf16: true))
        let sae = try load(folder)
        #expect(sae.layer == 2 && sae.hookSite == .att && sae.needsProjection)
        #expect(sae.architecture == .topk(k: 3) && sae.threshold == nil)
        #expect(sae.source.dtype == "BF16" && sae.source.neuronpediaID == "tiny/2-att")
        #expect(try sae.decoder.rows(0..<2) == Array(W.grid(rows: 6, columns: 4)[0..<8]))
    }

    @Test func readsLegacyRunnerDumpAndGated() throws {
        let folder = W.temporaryFolder("legacy") + "/blocks.1.hook_mlp_out"
        let config = """
            {"model_name": "gpt2-small", "hook_point": "blocks.1.hook_mlp_out", "hook_point_layer": 1,
             "hook_point_head_index": null, "d_in": 4, "expansion_factor": 2, "dtype": "torch.float32",
             "activation_fn": "relu", "normalize_activations": false, "lr": 0.0004}
            """
        let tensors = W.saeTensors(dIn: 4, dSAE: 8, threshold: false)
        W.saelensFolder(at: folder, config: config, tensors: tensors)
        let config6 = try SAELensConfig(path: folder + "/cfg.json")
        #expect(config6.layout == .legacy && config6.dSAE == 8 && config6.normalizeActivations == "none")
        let sae = try load(folder)
        #expect(sae.layer == 1 && sae.hookSite == .mlp && sae.architecture == .standard)

        let gated = W.temporaryFolder("gated") + "/g"
        W.saelensFolder(
            at: gated, config: W.v6Config(dIn: 4, dSAE: 8, hook: "blocks.0.hook_attn_out", architecture: "gated"),
            tensors: tensors)
        let gatedSAE = try load(gated)
        #expect(gatedSAE.architecture == .gated && gatedSAE.hookSite == .att && !gatedSAE.needsProjection)
        #expect(try SAELensConfig(path: folder + "/cfg.json").hookName == "blocks.1.hook_mlp_out")
    }

    @Test func refusesUnsupportedArchitectureAndMissingThreshold() {
        let folder = W.temporaryFolder("bad") + "/x"
        W.saelensFolder(
            at: folder,
            config: W.v6Config(dIn: 4, dSAE: 6, hook: "blocks.0.hook_resid_post", architecture: "transcoder"),
            tensors: W.saeTensors(dIn: 4, dSAE: 6, threshold: false))
        #expect(
            throws: WeightError(
                path: folder + "/cfg.json",
                .badConfig("architecture 'transcoder' is not supported (standard, jumprelu, topk, gated)"))
        ) { try load(folder) }
        W.write(W.v6Config(dIn: 4, dSAE: 6, hook: "blocks.0.hook_resid_post"), to: folder + "/cfg.json")
        #expect(throws: WeightError(path: folder + "/sae_weights.safetensors", .missingTensor("threshold"))) {
            try load(folder)
        }
    }

    @Test func nonFiniteDecoderRowIsAnErrorWhenRead() throws {
        let folder = W.temporaryFolder("nan") + "/n"
        var values = W.grid(rows: 6, columns: 4)
        values[3 * 4 + 2] = .nan
        var tensors = W.saeTensors(dIn: 4, dSAE: 6, threshold: false)
        tensors[0] = .f32("W_dec", [6, 4], values)
        W.saelensFolder(
            at: folder, config: W.v6Config(dIn: 4, dSAE: 6, hook: "blocks.0.hook_resid_post", architecture: "standard"),
            tensors: tensors)
        let sae = try load(folder)  // opening does not scan the decoder
        #expect(try sae.decoder.rows(0..<3).count == 12)
        #expect(
            throws: WeightError(path: folder + "/sae_weights.safetensors", .nonFiniteDecoder(tensor: "W_dec", row: 3))
        ) {
            try sae.decoder.rows(2..<5)
        }
    }

    @Test func readsLlamaScopeWithStandardisation() throws {
        let folder = W.temporaryFolder("llama") + "/Llama3_1-8B-Base-L5R-8x"
        // decoder.weight [d_model 4, d_sae 6]: column j = (j+1, 2(j+1), 0, 2(j+1)) → norm 3(j+1), non-unit.
        var decoder = [Float](repeating: 0, count: 24)
        for j in 0..<6 {
            let scale = Float(j + 1)
            decoder[0 * 6 + j] = scale
            decoder[1 * 6 + j] = 2 * scale
            decoder[3 * 6 + j] = 2 * scale
        }
        func hyperparams(unit: Bool) -> String {
            """
            {"hook_point_in": "blocks.5.hook_resid_post", "hook_point_out": "blocks.5.hook_resid_post",
             "d_model": 4, "d_sae": 6, "expansion_factor": 8, "act_fn": "jumprelu", "jump_relu_threshold": 0.5,
             "dataset_average_activation_norm": {"in": 2.0, "out": 4.0}, "sparsity_include_decoder_norm": \(unit),
             "dtype": "torch.bfloat16", "top_k": 50}
            """
        }
        W.write(hyperparams(unit: true), to: folder + "/hyperparams.json")
        W.write(
            W.safetensors(
                [
                    .bf16("decoder.bias", [4], [0, 0, 0, 0]), .bf16("decoder.weight", [4, 6], decoder),
                    .bf16("encoder.bias", [6], .init(repeating: 0, count: 6)),
                    .bf16("encoder.weight", [6, 4], .init(repeating: 1, count: 24)),
                ], metadata: ["version": "0.1"]), to: folder + "/checkpoints/final.safetensors")
        let sae = try LlamaScopeReader.load(folder: folder)
        #expect(
            sae.layer == 5 && sae.hookSite == .res && sae.source.format == .llamaScope && sae.source.dtype == "BF16")
        #expect(sae.dIn == 4 && sae.dSAE == 6 && sae.architecture == .jumprelu)
        #expect(sae.threshold == [Float](repeating: 0.5, count: 6))
        // §3.4: D·(s_in/s_out), then unit columns → the stored column divided by its norm.
        let row = try sae.decoder.row(2)
        let expected: [Float] = [1.0 / 3, 2.0 / 3, 0, 2.0 / 3]
        for (value, want) in zip(row, expected) { #expect(abs(value - want) < 1e-6) }
        // Without unit columns only the standardisation scale s_in/s_out = out/in = 2 applies.
        W.write(hyperparams(unit: false), to: folder + "/hyperparams.json")
        let scaled = try LlamaScopeReader.load(folder: folder).decoder.row(1)
        #expect(scaled == [4, 8, 0, 8])
    }

    @Test func readsSparsifyFolders() throws {
        let root = W.temporaryFolder("sparsify")
        for name in ["layers.10", "layers.10.mlp"] {
            W.write(
                #"{"expansion_factor": 2, "normalize_decoder": true, "k": 3, "signed": false, "d_in": 4}"#,
                to: root + "/\(name)/cfg.json")
            W.write(
                W.safetensors([
                    .bf16("encoder.weight", [8, 4], .init(repeating: 1, count: 32)),
                    .bf16("encoder.bias", [8], .init(repeating: 0, count: 8)),
                    .bf16("W_dec", [8, 4], W.grid(rows: 8, columns: 4)), .bf16("b_dec", [4], [0, 0, 0, 0]),
                ]), to: root + "/\(name)/sae.safetensors")
        }
        let residual = try SparsifyReader.load(folder: root + "/layers.10")
        #expect(residual.layer == 10 && residual.hookSite == .res && residual.architecture == .topk(k: 3))
        #expect(residual.hookName == "blocks.10.hook_resid_post" && residual.dSAE == 8)
        #expect(try residual.decoder.row(7) == Array(W.grid(rows: 8, columns: 4)[28..<32]))
        let mlp = try SparsifyReader.load(folder: root + "/layers.10.mlp")
        #expect(mlp.hookSite == .mlp && mlp.hookName == "blocks.10.hook_mlp_out")
        #expect(SparsifyReader.hookPoint(folderName: "layer_3") == HookPoint(layer: 3, hookSite: .res))
    }

    @Test func parsesHookNames() {
        #expect(HookPoint(hookName: "blocks.12.hook_resid_post") == HookPoint(layer: 12, hookSite: .res))
        #expect(
            HookPoint(hookName: "blocks.4.attn.hook_z") == HookPoint(layer: 4, hookSite: .att, needsProjection: true))
        #expect(HookPoint(hookName: "blocks.4.hook_resid_pre") == HookPoint(layer: 3, hookSite: .res))
        #expect(HookPoint(hookName: "blocks.0.hook_resid_pre") == nil)
        #expect(HookPoint(hookName: "hook_embed") == nil)
        #expect(HookPoint(hookName: "blocks.x.hook_mlp_out") == nil)
    }
}
