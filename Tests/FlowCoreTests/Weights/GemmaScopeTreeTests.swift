import Foundation
import Testing

@testable import FlowCore

/// Gemma Scope trees as users download them (issue #11), made byte by byte with d_model 2: plain release
/// folders, a Hugging Face cache with two snapshots and `refs/main`, widths 16k and 65k, a `--local-dir`
/// copy, a transposed decoder and a broken file outside the selected layers.
@Suite struct GemmaScopeTreeTests {
    typealias W = FixtureWriter

    /// A `params.npz` with `dSAE` latents of `dIn` dimensions; `shift` makes two copies tell apart.
    static func npz(dIn: Int = 2, dSAE: Int, shift: Float = 0, transposed: Bool = false) -> [UInt8] {
        let decoder = W.grid(rows: dSAE, columns: dIn, shift: shift)
        return W.npz([
            .init(
                name: "W_dec.npy",
                contents: W.npy(descr: "<f4", shape: transposed ? [dIn, dSAE] : [dSAE, dIn], data: W.f32(decoder))),
            .init(
                name: "b_dec.npy",
                contents: W.npy(descr: "<f4", shape: [dIn], data: W.f32(.init(repeating: 0, count: dIn)))),
            .init(
                name: "threshold.npy",
                contents: W.npy(descr: "<f4", shape: [dSAE], data: W.f32(.init(repeating: 0.5, count: dSAE)))),
        ])
    }

    /// `root/<repository>/layer_L/width_W/average_l0_N/params.npz`.
    static func write(_ root: String, _ repository: String, layer: Int, width: String, l0: Int, shift: Float = 0) {
        let dSAE = GemmaScopeLocation.width(label: width)!
        W.write(
            npz(dSAE: dSAE, shift: shift),
            to: root + "/\(repository)/layer_\(layer)/width_\(width)/average_l0_\(l0)/params.npz")
    }

    /// The error `body` throws, or nil.
    static func failure(_ body: () throws -> Any) -> (any Error)? {
        do {
            _ = try body()
            return nil
        } catch {
            return error
        }
    }

    // MARK: Widths

    @Test func widthTableHasEveryReleasedLabel() {
        // Independently: each label is the power of two 2^e written as its leading thousands (k) or millions (m).
        let expected: [(String, Int)] = [
            ("4k", 12), ("16k", 14), ("32k", 15), ("65k", 16), ("131k", 17), ("262k", 18), ("524k", 19), ("1m", 20),
        ]
        for (label, exponent) in expected {
            let value = 1 << exponent
            let written = value >= 1_000_000 ? "\(value / 1_000_000)m" : "\(value / 1000)k"
            #expect(written == label)
            #expect(GemmaScopeLocation.width(label: label) == value, "\(label)")
            #expect(GemmaScopeLocation.widths[label] == value, "\(label)")
        }
        #expect(GemmaScopeLocation.widths.count == expected.count)
        #expect(GemmaScopeLocation.width(label: "65k") == 65536 && GemmaScopeLocation.width(label: "65k") != 65 * 1024)
        #expect(GemmaScopeLocation.width(label: "8k") == 8192)  // not released, same rule
        #expect(GemmaScopeLocation.width(label: "100k") == nil && GemmaScopeLocation.width(label: "16") == nil)
        #expect(GemmaScopeLocation.width(label: "99999999999999999m") == nil)
    }

    @Test func widths16kAnd65kLoadAndTheSmallerIsChosen() throws {
        let root = W.temporaryFolder("gemma-widths")
        for layer in 0..<2 {
            Self.write(root, "gemma-scope-2b-pt-res", layer: layer, width: "16k", l0: layer == 0 ? 105 : 102)
            Self.write(root, "gemma-scope-2b-pt-res", layer: layer, width: "65k", l0: layer == 0 ? 73 : 121)
        }
        let small = try SAECatalog.load(path: root)
        #expect(small.saes.map(\.dSAE) == [16384, 16384])
        #expect(small.notes.contains { $0.contains("widths 16k, 65k found; using 16k") })
        let large = try SAECatalog.load(path: root, options: CatalogOptions(gemmaScopeWidth: "65k"))
        #expect(large.saes.map(\.dSAE) == [65536, 65536])
        #expect(
            large.saes.map { $0.source.neuronpediaID ?? "" } == [
                "gemma-2-2b/0-gemmascope-res-65k", "gemma-2-2b/1-gemmascope-res-65k",
            ])
        // A width no folder has is refused, not replaced by another.
        #expect(
            Self.failure { try SAECatalog.load(path: root, options: CatalogOptions(gemmaScopeWidth: "32k")) }.map {
                error in
                (error as? WeightError)?.message.contains(
                    "--width 32k: no width_32k folder (found width_16k, width_65k)")
                    == true
            } == true)
    }

    @Test func aLayerWithOnlyAnotherWidthIsWarnedAbout() throws {
        let root = W.temporaryFolder("gemma-mixed")
        Self.write(root, "gemma-scope-2b-pt-res", layer: 0, width: "16k", l0: 105)
        Self.write(root, "gemma-scope-2b-pt-res", layer: 1, width: "65k", l0: 121)
        let catalog = try SAECatalog.load(path: root)
        #expect(catalog.saes.map(\.dSAE) == [16384, 65536])
        #expect(
            catalog.warnings.contains(
                "layer 1/res: no width_16k SAE; using width_65k — the site mixes Gemma Scope widths"))
    }

    @Test func aFolderWidthThatDisagreesSaysWhereTheExpectationComesFrom() throws {
        let root = W.temporaryFolder("gemma-lie")
        let path = root + "/gemma-scope-2b-pt-res/layer_0/width_65k/average_l0_73/params.npz"
        W.write(Self.npz(dSAE: 16384), to: path)
        do {
            let error = Self.failure { try SAECatalog.load(path: root) }
            let problem = (error as? ProblemList)?.problems.first as? WeightError
            #expect(
                problem?.reason
                    == .folderWidth(tensor: "W_dec", folder: "width_65k", expected: [65536, 2], actual: [16384, 2])
                    && problem?.message.contains("the expected size comes from the folder name") == true
                    && problem?.path == path)
        }
    }

    @Test func aTransposedDecoderIsNamed() throws {
        let root = W.temporaryFolder("gemma-transposed")
        let path = root + "/gemma-scope-2b-pt-res/layer_0/width_16k/average_l0_105/params.npz"
        W.write(Self.npz(dSAE: 16384, transposed: true), to: path)
        let expected = WeightError.Reason.transposed(
            tensor: "W_dec", expected: [16384, 2], actual: [2, 16384],
            evidence: "d_sae 16384 from 'threshold', d_in 2 from 'b_dec'")
        #expect(
            Self.failure { try SAECatalog.load(path: root) }.map { error in
                ((error as? ProblemList)?.problems.first as? WeightError)?.reason == expected
            } == true)
        // Without a width in the path (a manifest entry), the same tensor is named, not `threshold`.
        let location = GemmaScopeLocation(
            modelSize: "", variant: "", hookSite: .res, layer: 0, widthLabel: "", averageL0: 0)
        #expect(throws: WeightError(path: path, expected)) { try GemmaScopeReader.load(path: path, location: location) }
    }

    // MARK: L0 choice

    @Test func l0FallbacksSayTheRule() throws {
        let root = W.temporaryFolder("gemma-l0")
        // 2b layer 0 res 16k: canonical 105 is absent; 100 is nearest.
        Self.write(root, "gemma-scope-2b-pt-res", layer: 0, width: "16k", l0: 20)
        Self.write(root, "gemma-scope-2b-pt-res", layer: 0, width: "16k", l0: 100)
        // 9b: no canonical table; the smallest is used.
        Self.write(root, "gemma-scope-9b-pt-mlp", layer: 0, width: "16k", l0: 30)
        Self.write(root, "gemma-scope-9b-pt-mlp", layer: 0, width: "16k", l0: 12)
        let catalog = try SAECatalog.load(path: root)
        #expect(catalog.sae(layer: 0, hookSite: .res)?.source.path.hasSuffix("average_l0_100/params.npz") == true)
        #expect(catalog.sae(layer: 0, hookSite: .mlp)?.source.path.hasSuffix("average_l0_12/params.npz") == true)
        #expect(
            catalog.warnings.contains(
                "layer 0/res width 16k: the canonical average_l0_105 is not present (found 20, 100); using average_l0_100, the nearest to it (--l0 N picks the variant nearest N)"
            ))
        #expect(
            catalog.warnings.contains(
                "layer 0/mlp width 16k: no canonical L0 is known for gemma-scope-9b-pt-mlp at this width (found 12, 30); using average_l0_12, the smallest (--l0 N picks the variant nearest N)"
            ))
    }

    // MARK: Hugging Face cache

    /// A cache repository with snapshots `old` (shift 1) and `new` (shift 0) holding layers 0 and 1; the
    /// files are links into `blobs/`, as the hub client writes them. `refs/main` names `main` when given.
    static func cache(_ root: String, main: String?) -> String {
        let repository = root + "/hub/models--google--gemma-scope-2b-pt-res"
        for (snapshot, shift) in [("1111old", Float(1)), ("2222new", Float(0))] {
            for (layer, l0) in [(0, 105), (1, 102)] {
                let blob = repository + "/blobs/\(snapshot)-\(layer)"
                W.write(npz(dSAE: 16384, shift: shift), to: blob)
                let link = repository + "/snapshots/\(snapshot)/layer_\(layer)/width_16k/average_l0_\(l0)/params.npz"
                try! FileManager.default.createDirectory(
                    atPath: (link as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try! FileManager.default.createSymbolicLink(
                    atPath: link, withDestinationPath: "../../../../../blobs/\(snapshot)-\(layer)")
            }
        }
        if let main { W.write(main, to: repository + "/refs/main") }
        return repository
    }

    @Test func theCacheUsesTheSnapshotRefsMainNames() throws {
        let root = W.temporaryFolder("gemma-hf")
        let repository = Self.cache(root, main: "2222new\n")
        let catalog = try SAECatalog.load(path: root)
        #expect(catalog.saes.count == 2)
        #expect(catalog.saes.allSatisfy { $0.source.path.contains("/snapshots/2222new/") })
        #expect(try catalog.saes[0].decoder.row(0) == Array(W.grid(rows: 16384, columns: 2)[0..<2]))
        #expect(
            catalog.notes.contains(
                "models--google--gemma-scope-2b-pt-res: snapshot 2222new (refs/main); other snapshot(s) ignored: 1111old"
            ))
        // --revision: a snapshot prefix, or a ref name.
        let old = try SAECatalog.load(path: root, options: CatalogOptions(revision: "1111"))
        #expect(old.saes.allSatisfy { $0.source.path.contains("/snapshots/1111old/") })
        W.write("1111old", to: repository + "/refs/v1")
        let tagged = try SAECatalog.load(path: repository, options: CatalogOptions(revision: "v1"))
        #expect(tagged.saes.allSatisfy { $0.source.path.contains("/snapshots/1111old/") })
        #expect(throws: WeightError.self) { try SAECatalog.load(path: root, options: CatalogOptions(revision: "3333")) }
        // A snapshot folder given directly is that revision, whatever refs/main says.
        let given = try SAECatalog.load(path: repository + "/snapshots/1111old")
        #expect(given.saes.count == 2 && given.saes.allSatisfy { $0.source.path.contains("/snapshots/1111old/") })
        #expect(given.notes.first?.contains("snapshot 1111old (the folder given)") == true)
    }

    @Test func aCacheWithoutAWayToChooseIsRefused() throws {
        let root = W.temporaryFolder("gemma-hf-noref")
        let repository = Self.cache(root, main: nil)
        #expect(
            Self.failure { try SAECatalog.load(path: root) }.map { error in
                (error as? WeightError)?.message
                    == "2 snapshots (1111old, 2222new) and no refs/main; pass --revision to choose one"
            } == true)
        W.write("9999gone", to: repository + "/refs/main")
        #expect(
            Self.failure { try SAECatalog.load(path: root) }.map { error in
                (error as? WeightError)?.path == repository + "/refs/main"
            } == true)
    }

    // MARK: Layouts and selection

    @Test func aLocalDirCopyNeedsTheFormatAndSaysSoAlways() throws {
        let root = W.temporaryFolder("gemma-local")
        W.write(Self.npz(dSAE: 16384), to: root + "/gemma-2b-res/layer_5/width_16k/average_l0_68/params.npz")
        // Nothing else found: the skipped file is in the error itself.
        do {
            let error = Self.failure { try SAECatalog.load(path: root) }
            let message = (error as? WeightError)?.message ?? ""
            #expect(
                message.hasPrefix("no SAE found") && message.contains("a params.npz outside a gemma-scope-")
                    && message.contains("pass --format gemma-scope"))
        }
        let catalog = try SAECatalog.load(path: root, options: CatalogOptions(format: .gemmaScope))
        let sae = try #require(catalog.sae(layer: 5, hookSite: .res))
        #expect(sae.dSAE == 16384 && sae.source.format == .gemmaScope && sae.source.neuronpediaID == nil)
    }

    @Test func onlyTheSelectedLayersAreRead() throws {
        let root = W.temporaryFolder("gemma-select")
        for layer in 0..<4 {
            Self.write(root, "gemma-scope-2b-pt-res", layer: layer, width: "16k", l0: [105, 102, 141, 59][layer])
        }
        let broken = root + "/gemma-scope-2b-pt-res/layer_9/width_16k/average_l0_73/params.npz"
        try FileManager.default.createDirectory(
            atPath: (broken as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: broken, withDestinationPath: "/nonexistent/blob")
        #expect(throws: ProblemList.self) { try SAECatalog.load(path: root) }
        let catalog = try SAECatalog.load(path: root, options: CatalogOptions(layers: 1...2))
        // Matching layers 1–2 needs R0…R3.
        #expect(catalog.saes.map(\.layer) == [0, 1, 2, 3])
        // MLP SAEs exist nowhere; only the layers that need one are said to miss it.
        #expect(catalog.missing.isEmpty)
        Self.write(root, "gemma-scope-2b-pt-mlp", layer: 1, width: "16k", l0: 105)
        let withMLP = try SAECatalog.load(path: root, options: CatalogOptions(layers: 1...2))
        #expect(withMLP.missing == [MissingSAE(layer: 2, hookSite: .mlp)])
        #expect(!withMLP.warnings.contains("layer 0: no MLP SAE") && !withMLP.warnings.contains("layer 3: no MLP SAE"))
    }

    @Test func aBrokenSAELensFolderOutsideTheSelectedLayersDoesNotMatter() throws {
        let root = W.temporaryFolder("saelens-select")
        for layer in 0..<3 {
            let hook = "blocks.\(layer).hook_resid_post"
            W.saelensFolder(
                at: root + "/" + hook, config: W.v6Config(dIn: 2, dSAE: 3, hook: hook),
                tensors: W.saeTensors(dIn: 2, dSAE: 3, threshold: true))
        }
        let broken = root + "/blocks.9.hook_resid_post"
        W.write(W.safetensors(W.saeTensors(dIn: 2, dSAE: 3, threshold: true)), to: broken + "/sae_weights.safetensors")
        try FileManager.default.createSymbolicLink(
            atPath: broken + "/cfg.json", withDestinationPath: "/nonexistent/cfg")
        #expect(throws: ProblemList.self) { try SAECatalog.load(path: root) }
        #expect(try SAECatalog.load(path: root, options: CatalogOptions(layers: 0...1)).saes.map(\.layer) == [0, 1, 2])
    }

    @Test func theHookZWarningNamesTheOptionNotATypeAndIsNotACatalogWarning() throws {
        let root = W.temporaryFolder("gemma-att")
        Self.write(root, "gemma-scope-2b-pt-res", layer: 0, width: "16k", l0: 105)
        Self.write(root, "gemma-scope-2b-pt-att", layer: 0, width: "16k", l0: 104)
        let catalog = try SAECatalog.load(path: root)
        #expect(!catalog.warnings.contains { $0.contains("hook_z") })
        let warning = try #require(catalog.hookZWarning)
        #expect(warning.contains("--model DIR") && !warning.contains("ModelWeights"))
    }
}
