import Foundation
import Testing

@testable import FlowCore

@Suite struct SAECatalogTests {
    typealias W = FixtureWriter

    /// `root/gemma-scope-2b-pt-<site>/layer_L/width_16k/average_l0_N/params.npz`.
    func gemma(_ root: String, site: String, layer: Int, l0: Int, dIn: Int = 4) {
        W.write(
            W.gemmaScopeNpz(dIn: dIn, dSAE: 16),
            to: root + "/gemma-scope-2b-pt-\(site)/layer_\(layer)/width_16k/average_l0_\(l0)/params.npz")
    }

    @Test func gemmaScopeTreePicksTheCanonicalL0() throws {
        let root = W.temporaryFolder("gemma")
        // Layer 0 res: canonical 105 and a variant 50. Width "16k" with d_sae 16 would be a lie, so use a tiny width.
        for (hookSite, layer, l0) in [
            ("res", 0, 105), ("res", 0, 50), ("res", 1, 102), ("mlp", 0, 119), ("att", 1, 79),
        ] {
            W.write(
                W.gemmaScopeNpz(dIn: 4, dSAE: 16),
                to: root + "/gemma-scope-2b-pt-\(hookSite)/layer_\(layer)/width_16k/average_l0_\(l0)/params.npz")
        }
        // width_16k promises 16384 latents; the fixture has 16, so the reader must say so.
        #expect(throws: ProblemList.self) { try SAECatalog.load(path: root) }
        do {
            _ = try SAECatalog.load(path: root)
        } catch let problems as ProblemList {
            #expect(problems.problems.count == 4)
            let first = problems.problems.first as? WeightError
            #expect(
                first?.reason
                    == .folderWidth(tensor: "W_dec", folder: "width_16k", expected: [16384, 4], actual: [16, 4]))
        }
    }

    @Test func gemmaScopeChoosesVariantsAndNamesNeuronpedia() throws {
        let root = W.temporaryFolder("gemma2")
        for (hookSite, layer, l0) in [
            ("res", 0, 105), ("res", 0, 50), ("res", 1, 102), ("mlp", 0, 119), ("att", 1, 79),
        ] {
            W.write(
                W.gemmaScopeNpz(dIn: hookSite == "att" ? 3 : 2, dSAE: 16384),
                to: root + "/gemma-scope-2b-pt-\(hookSite)/layer_\(layer)/width_16k/average_l0_\(l0)/params.npz")
        }
        let catalog = try SAECatalog.load(path: root)
        #expect(catalog.saes.map { "\($0.layer)/\($0.hookSite.rawValue)" } == ["0/res", "0/mlp", "1/res", "1/att"])
        #expect(catalog.layers == [0, 1])
        let chosen = try #require(catalog.sae(layer: 0, hookSite: .res))
        #expect(chosen.source.path.hasSuffix("average_l0_105/params.npz"))
        #expect(chosen.architecture == .jumprelu && chosen.source.format == .gemmaScope)
        let attention = try #require(catalog.sae(layer: 1, hookSite: .att))
        #expect(attention.needsProjection && attention.hookName == "blocks.1.attn.hook_z" && attention.dIn == 3)
        #expect(try attention.decoder.row(1) == Array(W.grid(rows: 16384, columns: 3)[3..<6]))
        #expect(chosen.source.neuronpediaID == "gemma-2-2b/0-gemmascope-res-16k")
        #expect(catalog.missing == [MissingSAE(layer: 0, hookSite: .att), MissingSAE(layer: 1, hookSite: .mlp)])
        #expect(catalog.warnings.contains("layer 0: no attention SAE"))
        #expect(catalog.warnings.contains("layer 1: no MLP SAE"))

        let nearest = try SAECatalog.load(path: root, options: CatalogOptions(gemmaScopeL0: .nearest(40)))
        #expect(nearest.sae(layer: 0, hookSite: .res)?.source.path.hasSuffix("average_l0_50/params.npz") == true)

        let location = try #require(
            GemmaScopeLocation(path: "/x/gemma-scope-2b-pt-res/layer_20/width_16k/average_l0_71/params.npz"))
        #expect(location.neuronpediaID == "gemma-2-2b/20-gemmascope-res-16k" && location.width == 16384)
        #expect(
            GemmaScopeLocation(path: "/x/gemma-scope-2b-pt-res/layer_20/width_16k/average_l0_70/params.npz")?
                .neuronpediaID == nil)
    }

    @Test func readsHuggingFaceCacheLayout() throws {
        let root = W.temporaryFolder("hf")
        let snapshot = root + "/hub/models--google--gemma-scope-2b-pt-mlp/snapshots/0123abcd"
        W.write(W.gemmaScopeNpz(dIn: 4, dSAE: 8), to: snapshot + "/layer_7/width_8/average_l0_60/params.npz")
        W.write("blob", to: root + "/hub/models--google--gemma-scope-2b-pt-mlp/blobs/ffff")
        let catalog = try SAECatalog.load(path: root)
        let sae = try #require(catalog.sae(layer: 7, hookSite: .mlp))
        #expect(sae.hookName == "blocks.7.hook_mlp_out" && sae.dSAE == 8 && !sae.needsProjection)
        #expect(catalog.warnings.contains("no attention SAE at any layer"))
    }

    @Test func walksMixedFoldersAndReportsEveryProblemOnce() throws {
        let root = W.temporaryFolder("mixed")
        for layer in 0..<3 {
            let hook = "blocks.\(layer).hook_resid_post"
            W.saelensFolder(
                at: root + "/\(hook)", config: W.v6Config(dIn: 4, dSAE: 6, hook: hook),
                tensors: W.saeTensors(dIn: 4, dSAE: 6, threshold: true))
        }
        W.saelensFolder(
            at: root + "/blocks.1.hook_mlp_out", config: W.v6Config(dIn: 4, dSAE: 6, hook: "blocks.1.hook_mlp_out"),
            tensors: W.saeTensors(dIn: 4, dSAE: 6, threshold: true))
        W.saelensFolder(
            at: root + "/blocks.0.hook_embed", config: W.v6Config(dIn: 4, dSAE: 6, hook: "hook_embed"),
            tensors: W.saeTensors(dIn: 4, dSAE: 6, threshold: true))
        let catalog = try SAECatalog.load(path: root)
        #expect(catalog.saes.count == 4)
        #expect(catalog.warnings.contains { $0.hasPrefix("skipped") && $0.contains("hook_embed") })
        #expect(catalog.warnings.contains("layer 0: no MLP SAE") && catalog.warnings.contains("layer 2: no MLP SAE"))

        // Break two folders: both problems come back together.
        W.write([1, 2, 3], to: root + "/blocks.0.hook_resid_post/sae_weights.safetensors")
        W.write("{", to: root + "/blocks.2.hook_resid_post/cfg.json")
        do {
            _ = try SAECatalog.load(path: root)
            Issue.record("expected a ProblemList")
        } catch let problems as ProblemList {
            let errors = problems.problems.compactMap { $0 as? WeightError }
            #expect(
                errors == [
                    WeightError(
                        path: root + "/blocks.0.hook_resid_post/sae_weights.safetensors",
                        .truncated("the 8-byte header length")),
                    WeightError(path: root + "/blocks.2.hook_resid_post/cfg.json", .malformedHeader("not valid JSON")),
                ])
        }
    }

    @Test func readsAManifest() throws {
        let root = W.temporaryFolder("manifest")
        W.saelensFolder(
            at: root + "/saes/odd-name", config: W.v6Config(dIn: 4, dSAE: 6, hook: "custom.hook"),
            tensors: W.saeTensors(dIn: 4, dSAE: 6, threshold: true))
        W.write(W.gemmaScopeNpz(dIn: 3, dSAE: 16), to: root + "/saes/att/params.npz")
        W.write(
            """
            # featureflow manifest
            model: ../gemma-2-2b
            saes:
              - path: saes/odd-name
                layer: 4
                site: res
                format: saelens
                neuronpedia: tiny/4-res
              - path: saes/att/params.npz
                layer: 4
                site: att
                format: gemma-scope
                hook: blocks.4.attn.hook_z
            """, to: root + "/featureflow.yaml")
        let catalog = try SAECatalog.load(path: root)
        #expect(catalog.root == root + "/featureflow.yaml")
        #expect(catalog.modelDirectory == root + "/../gemma-2-2b")
        let residual = try #require(catalog.sae(layer: 4, hookSite: .res))
        #expect(residual.hookName == "blocks.4.hook_resid_post" && residual.source.neuronpediaID == "tiny/4-res")
        let attention = try #require(catalog.sae(layer: 4, hookSite: .att))
        #expect(attention.needsProjection && attention.dIn == 3 && attention.hookName == "blocks.4.attn.hook_z")
        #expect(catalog.warnings.contains("no MLP SAE at any layer"))

        W.write(
            """
            saes:
              - path: saes/odd-name
                layer: four
                site: res
              - path: saes/odd-name
                layer: 1
                site: residual
            """, to: root + "/bad.yaml")
        do {
            _ = try SAECatalog.load(path: root + "/bad.yaml")
            Issue.record("expected a ProblemList")
        } catch let problems as ProblemList {
            let errors = problems.problems.compactMap { $0 as? WeightError }
            #expect(
                errors == [
                    WeightError(
                        path: root + "/bad.yaml", .badConfig("entry needs 'layer' (a non-negative integer)"), line: 3,
                        column: 12),
                    WeightError(
                        path: root + "/bad.yaml", .badConfig("entry needs 'site': res, mlp or att"), line: 7, column: 11
                    ),
                ])
            #expect(problems.description.contains("bad.yaml:3:12: bad config"))
        }
    }
}
