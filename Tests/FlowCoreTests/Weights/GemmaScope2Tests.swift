import Foundation
import Testing

@testable import FlowCore

/// Gemma Scope 2 trees (FORMATS.md §2.4) built byte by byte: `<site folder>/layer_L_width_W_l0_X/params.safetensors`
/// with lower-case tensor names.
@Suite struct GemmaScope2Tests {
    typealias W = FixtureWriter

    /// A Gemma Scope 2 `params.safetensors` with d_sae × d_in `w_dec` from `grid(shift:)`.
    static func params(dIn: Int, dSAE: Int, shift: Float = 0) -> [UInt8] {
        W.safetensors([
            .f32("w_enc", [dIn, dSAE], W.grid(rows: dIn, columns: dSAE)),
            .f32("w_dec", [dSAE, dIn], W.grid(rows: dSAE, columns: dIn, shift: shift)),
            .f32("b_enc", [dSAE], .init(repeating: 0, count: dSAE)),
            .f32("b_dec", [dIn], .init(repeating: 0, count: dIn)),
            .f32("threshold", [dSAE], (0..<dSAE).map { Float($0) / 8 }),
        ])
    }

    @Test func readsATreeChoosingWidthAndL0() throws {
        let root = W.temporaryFolder("gs2") + "/gemma-scope-2-1b-pt"
        let write = { (relative: String, shift: Float) in
            W.write(Self.params(dIn: 2, dSAE: 1024, shift: shift), to: root + "/" + relative + "/params.safetensors")
        }
        write("resid_post/layer_3_width_1k_l0_medium", 0)
        write("resid_post/layer_3_width_1k_l0_small", 1)
        write("resid_post_all/layer_3_width_1k_l0_medium", 2)
        write("resid_post_all/layer_4_width_1k_l0_big", 3)
        write("mlp_out_all/layer_3_width_1k_l0_small", 4)
        W.write(Self.params(dIn: 2, dSAE: 6), to: root + "/elsewhere/params.safetensors")
        let catalog = try SAECatalog.load(path: root, options: CatalogOptions(gemmaScopeL0: .nearest(50)))
        #expect(catalog.saes.map { "\($0.layer)/\($0.hookSite.rawValue)" } == ["3/res", "3/mlp", "4/res"])
        #expect(catalog.warnings.contains { $0.hasPrefix("skipped \(root)/elsewhere/params.safetensors") })
        #expect(catalog.notes.contains { $0.hasPrefix("--l0 50 does not apply to Gemma Scope 2") })
        let residual = try #require(catalog.sae(layer: 3, hookSite: .res))
        #expect(residual.source.path.hasSuffix("/resid_post/layer_3_width_1k_l0_medium/params.safetensors"))
        #expect(residual.source.format == .gemmaScope2 && residual.architecture == .jumprelu)
        #expect(residual.dIn == 2 && residual.dSAE == 1024 && residual.hookName == "blocks.3.hook_resid_post")
        #expect(try residual.decoder.row(5) == Array(W.grid(rows: 1024, columns: 2)[10..<12]))
        #expect(residual.threshold?[8] == 1)
        let encoder = try #require(residual.encoder)
        #expect(encoder.layout == .inputMajor && !encoder.applyDecoderBiasToInput)
        let mlp = try #require(catalog.sae(layer: 3, hookSite: .mlp))
        #expect(mlp.hookName == "blocks.3.hook_mlp_out" && !mlp.needsProjection)
        #expect(try mlp.decoder.row(0) == Array(W.grid(rows: 1024, columns: 2, shift: 4)[0..<2]))
        #expect(try catalog.sae(layer: 4, hookSite: .res)?.decoder.row(0) == [4, 3.5])
    }

    @Test func refusesAWidthTheFolderDoesNotState() throws {
        let root = W.temporaryFolder("gs2-width")
        let file = root + "/resid_post/layer_0_width_1k_l0_small/params.safetensors"
        W.write(Self.params(dIn: 2, dSAE: 6), to: file)
        do {
            _ = try SAECatalog.load(path: root)
            Issue.record("a width the folder does not state was accepted")
        } catch let list as ProblemList {
            let expected = WeightError(
                path: file, .folderWidth(tensor: "w_dec", folder: "width_1k", expected: [1024, 2], actual: [6, 2]))
            #expect(list.problems.compactMap { $0 as? WeightError } == [expected])
        }
        // A transposed decoder is named as such (threshold fixes d_sae).
        W.write(
            W.safetensors([
                .f32("w_dec", [2, 6], .init(repeating: 1, count: 12)),
                .f32("threshold", [6], .init(repeating: 0, count: 6)),
            ]),
            to: file)
        #expect(
            throws: WeightError(
                path: file,
                .transposed(tensor: "w_dec", expected: [6, 2], actual: [2, 6], evidence: "d_sae 6 from 'threshold'"))
        ) { try GemmaScope2Reader.load(path: file, location: GemmaScope2Location(hookSite: .res, layer: 0)) }
    }

    @Test func readsAManifestEntryAndASingleFile() throws {
        let root = W.temporaryFolder("gs2-manifest")
        W.write(Self.params(dIn: 2, dSAE: 6), to: root + "/any/params.safetensors")
        W.write("saes:\n  - path: any\n    layer: 5\n    site: att\n", to: root + "/featureflow.yaml")
        let sae = try #require(try SAECatalog.load(path: root).saes.first)
        #expect(sae.layer == 5 && sae.hookSite == .att && sae.dSAE == 6 && sae.source.format == .gemmaScope2)
        #expect(sae.hookName == "blocks.5.hook_attn_out" && !sae.needsProjection)

        let file = root + "/resid_post/layer_2_width_1k_l0_big/params.safetensors"
        W.write(Self.params(dIn: 2, dSAE: 1024), to: file)
        let single = try SAECatalog.load(path: file)
        #expect(single.saes.map(\.layer) == [2] && single.saes[0].source.format == .gemmaScope2)
    }
}
