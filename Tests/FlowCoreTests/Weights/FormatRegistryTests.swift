import Foundation
import Testing

@testable import FlowCore

/// The format registry: every registered format is detected from its own fixture and no other, and
/// discovery, manifests and `SAEFormat` names all come from the one list.
@Suite struct FormatRegistryTests {
    typealias W = FixtureWriter

    /// One small SAE of every registered format, each in its own folder under `root` at its own layer,
    /// with the path a manifest would name.
    static func fixtures(in root: String) -> [(format: SAEFormat, path: String, layer: Int)] {
        W.saelensFolder(
            at: root + "/saelens/blocks.0.hook_resid_post",
            config: W.v6Config(dIn: 4, dSAE: 6, hook: "blocks.0.hook_resid_post"),
            tensors: W.saeTensors(dIn: 4, dSAE: 6, threshold: true))
        W.write(#"{"k": 3, "d_in": 4, "num_latents": 6}"#, to: root + "/sparsify/layers.1/cfg.json")
        W.write(
            W.safetensors([.f32("W_dec", [6, 4], W.grid(rows: 6, columns: 4))]),
            to: root + "/sparsify/layers.1/sae.safetensors")
        W.write(
            #"{"hook_point_in": "blocks.2.hook_resid_post", "d_model": 4, "d_sae": 6, "dataset_average_activation_norm": {"in": 1.0, "out": 1.0}}"#,
            to: root + "/llama/L2R/hyperparams.json")
        W.write(
            W.safetensors([.f32("decoder.weight", [4, 6], W.grid(rows: 4, columns: 6))]),
            to: root + "/llama/L2R/checkpoints/final.safetensors")
        W.write(
            W.gemmaScopeNpz(dIn: 4, dSAE: 1024),
            to: root + "/gemma-scope-2b-pt-res/layer_3/width_1k/average_l0_9/params.npz")
        W.write(
            GemmaScope2Tests.params(dIn: 4, dSAE: 1024),
            to: root + "/gs2/resid_post/layer_4_width_1k_l0_small/params.safetensors")
        W.write(W.dictionaryLearningAE(dIn: 4, dSAE: 6), to: root + "/dl/resid_post_layer_5/ae.pt")
        return [
            (.saelens, root + "/saelens/blocks.0.hook_resid_post", 0), (.sparsify, root + "/sparsify/layers.1", 1),
            (.llamaScope, root + "/llama/L2R", 2),
            (.gemmaScope, root + "/gemma-scope-2b-pt-res/layer_3/width_1k/average_l0_9", 3),
            (.gemmaScope2, root + "/gs2/resid_post/layer_4_width_1k_l0_small", 4),
            (.dictionaryLearning, root + "/dl/resid_post_layer_5", 5),
        ]
    }

    @Test func everyFormatIsDetectedFromItsOwnFixtureAndNoOther() {
        let fixtures = Self.fixtures(in: W.temporaryFolder("registry-detect"))
        #expect(Set(fixtures.map(\.format)) == Set(SAEFormat.allCases), "a registered format has no fixture here")
        for fixture in fixtures {
            let detected = SAEFormats.all.filter { $0.detect(path: fixture.path) }.map(\.format)
            #expect(detected == [fixture.format], "\(fixture.path)")
        }
    }

    @Test func discoveryFindsEveryFormatThroughTheList() throws {
        let root = W.temporaryFolder("registry-discover")
        let fixtures = Self.fixtures(in: root)
        let catalog = try SAECatalog.load(path: root)
        #expect(catalog.saes.map(\.layer) == fixtures.map(\.layer))
        #expect(catalog.saes.map(\.source.format) == fixtures.map(\.format))
        for sae in catalog.saes { #expect(sae.hookSite == .res && sae.dIn == 4, "\(sae.source.path)") }
    }

    @Test func theManifestDetectsAndNamesEveryFormat() throws {
        let root = W.temporaryFolder("registry-manifest")
        let fixtures = Self.fixtures(in: root)
        for named in [false, true] {
            let entries = fixtures.enumerated().map { index, fixture in
                "  - path: \(fixture.path)\n    layer: \(10 + index)\n    site: mlp\n"
                    + (named ? "    format: \(fixture.format.rawValue)\n" : "")
            }
            W.write("saes:\n" + entries.joined(), to: root + "/m.yaml")
            let catalog = try SAECatalog.load(path: root + "/m.yaml")
            #expect(catalog.saes.map(\.source.format) == fixtures.map(\.format))
            #expect(catalog.saes.map(\.layer) == Array(10..<(10 + fixtures.count)))
            #expect(catalog.saes.allSatisfy { $0.hookSite == .mlp && $0.hookName.hasSuffix("hook_mlp_out") })
        }
        W.write("saes:\n  - path: x\n    layer: 0\n    site: res\n    format: pickle\n", to: root + "/bad.yaml")
        do {
            _ = try SAECatalog.load(path: root + "/bad.yaml")
            Issue.record("an unknown format name was accepted")
        } catch let list as ProblemList {
            let names = "saelens, sparsify, llama-scope, gemma-scope, gemma-scope-2, dictionary-learning"
            #expect(list.problems.map(\.message) == ["bad config: unknown format; use one of \(names)"])
        }
    }

    @Test func formatNamesComeFromTheList() throws {
        #expect(SAEFormat(rawValue: "gemma-scope-2") == .gemmaScope2)
        #expect(SAEFormat(rawValue: "pickle") == nil)
        let encoded = try JSONEncoder().encode([SAEFormat.dictionaryLearning])
        #expect(String(decoding: encoded, as: UTF8.self) == #"["dictionary-learning"]"#)
        #expect(try JSONDecoder().decode([SAEFormat].self, from: encoded) == [.dictionaryLearning])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([SAEFormat].self, from: Data(#"["x"]"#.utf8)) }
        #expect(Set(SAEFormats.all.map(\.displayName)).count == SAEFormats.all.count)
    }
}
