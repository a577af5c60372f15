import Foundation
import Testing

@testable import FlowCore

/// Configs, manifests and catalogs with absurd values: numbers beyond Int, products that overflow, zero widths,
/// nesting bombs, d_in differing across layers, missing layers and layer numbers in the trillions.
@Suite struct AbsurdConfigTests {
    typealias W = FixtureWriter

    func error(_ body: () throws -> Void) -> WeightError? {
        do {
            try body()
            return nil
        } catch let error as WeightError {
            return error
        } catch let list as ProblemList {
            return list.problems.first as? WeightError
        } catch {
            Issue.record("not a WeightError: \(error)")
            return nil
        }
    }

    func config(_ text: String) -> (String, WeightError?) {
        let path = W.temporaryFolder("cfg") + "/cfg.json"
        W.write(text, to: path)
        return (path, error { _ = try SAELensConfig(path: path) })
    }

    @Test func numbersBeyondIntAndOverflowingProducts() {
        let hook = #""hook_name": "blocks.0.hook_resid_post""#
        var (path, failure) = config(#"{"d_in": 1e300, "d_sae": 4, \#(hook)}"#)
        #expect(failure == WeightError(path: path, .badConfig("'d_in' is missing or not a positive integer")))
        (path, failure) = config(#"{"d_in": 18446744073709551615, "d_sae": 4, \#(hook)}"#)
        #expect(failure == WeightError(path: path, .badConfig("'d_in' is missing or not a positive integer")))
        (path, failure) = config(#"{"d_in": 4294967296, "expansion_factor": 4294967296, \#(hook)}"#)
        #expect(failure == WeightError(path: path, .badConfig("'d_in' × 'expansion_factor' overflows")))
        (path, failure) = config(#"{"d_in": 0, "d_sae": 4, \#(hook)}"#)
        #expect(failure == WeightError(path: path, .badConfig("'d_in' is missing or not a positive integer")))
        (path, failure) = config(#"{"d_in": 4, "d_sae": -4, \#(hook)}"#)
        #expect(failure == WeightError(path: path, .badConfig("'d_sae' is missing (and no 'expansion_factor')")))
        (path, failure) = config(#"{"d_in": 4, "d_sae": 4, "k": 1e300, "architecture": "topk", \#(hook)}"#)
        #expect(failure == WeightError(path: path, .badConfig("topk architecture without a positive 'k'")))
    }

    @Test func configNestingBombIsAnError() {
        let bomb = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let (path, failure) = config(#"{"d_in": \#(bomb)}"#)
        #expect(failure?.path == path)
    }

    @Test func llamaScopeAndSparsifyOverflowAndZeroWidths() {
        let llama = W.temporaryFolder("llama")
        W.write(
            #"{"d_model": 4294967296, "expansion_factor": 4294967296, "hook_point_in": "blocks.1.hook_resid_post"}"#,
            to: llama + "/hyperparams.json")
        #expect(
            error { _ = try LlamaScopeReader.load(folder: llama) }
                == WeightError(
                    path: llama + "/hyperparams.json", .badConfig("'d_model' × 'expansion_factor' overflows")))
        W.write(
            #"{"d_model": 2, "d_sae": 0, "hook_point_in": "blocks.1.hook_resid_post", "dataset_average_activation_norm": {"in": 1, "out": 1}}"#,
            to: llama + "/hyperparams.json")
        #expect(
            error { _ = try LlamaScopeReader.load(folder: llama) }
                == WeightError(path: llama + "/hyperparams.json", .badConfig("'d_sae' is not a positive integer")))
        let sparsify = W.temporaryFolder("sparsify") + "/layers.3"
        W.write(#"{"d_in": 4294967296, "expansion_factor": 4294967296, "k": 4}"#, to: sparsify + "/cfg.json")
        #expect(
            error { _ = try SparsifyReader.load(folder: sparsify) }
                == WeightError(path: sparsify + "/cfg.json", .badConfig("'d_in' × 'expansion_factor' overflows")))
    }

    /// A SAELens SAE under `root/name` at `layer` with width `dIn`.
    func sae(_ root: String, _ name: String, layer: Int, dIn: Int) {
        W.saelensFolder(
            at: root + "/" + name, config: W.v6Config(dIn: dIn, dSAE: 3, hook: "blocks.\(layer).hook_resid_post"),
            tensors: W.saeTensors(dIn: dIn, dSAE: 3, threshold: true))
    }

    @Test func differingDInAndMissingLayersAreDocumentedWarnings() throws {
        let root = W.temporaryFolder("catalog")
        sae(root, "l0", layer: 0, dIn: 2)
        sae(root, "l3", layer: 3, dIn: 3)
        let catalog = try SAECatalog.load(path: root)
        #expect(catalog.layers == [0, 3])
        #expect(catalog.missing == [MissingSAE(layer: 1, hookSite: .res), MissingSAE(layer: 2, hookSite: .res)])
        #expect(catalog.warnings.contains("layer 1: no residual SAE"))
        #expect(catalog.warnings.contains("residual SAEs have different d_in: d_in 2 at layers 0; d_in 3 at layers 3"))
    }

    @Test func layerNumbersInTheTrillionsDoNotEnumerateMissingPositions() throws {
        let root = W.temporaryFolder("far")
        sae(root, "a", layer: 0, dIn: 2)
        sae(root, "b", layer: 0, dIn: 2)
        W.write(
            """
            saes:
              - {path: a, layer: 0, site: res}
              - {path: b, layer: 1000000000000, site: res}
            """, to: root + "/featureflow.yaml")
        let catalog = try SAECatalog.load(path: root)
        #expect(catalog.missing.isEmpty)
        #expect(
            catalog.warnings.contains(
                "layers 0…1000000000000 span more than 4096 layers; missing positions are not listed"))
    }

    @Test func manifestNestingBombAndNonsenseAreLocated() {
        let root = W.temporaryFolder("bomb")
        let path = root + "/featureflow.yaml"
        W.write("saes: " + String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000), to: path)
        #expect(error { _ = try SAECatalog.load(path: root) }?.path == path)
        W.write("saes:\n  - path: a\n    layer: 99999999999999999999999\n    site: res\n", to: path)
        let failure = error { _ = try SAECatalog.load(path: root) }
        #expect(failure?.reason == .badConfig("entry needs 'layer' (a non-negative integer)") && failure?.line == 3)
    }
}
