import FlowCore
import Foundation
import Testing

@testable import FeatureFlowCLI

/// A Gemma Scope user's path end to end through the commands (issue #11): tiny trees with the real folder
/// names, array names and cache layout, made byte by byte.
@Suite struct GemmaScopeBuildTests {
    typealias Values = MatchCommandTests.Values

    /// A ZIP (stored members, CRC-32) of `.npy` v1 arrays, F32 little-endian: a numpy `params.npz`.
    static func npz(_ arrays: [(String, [Int], [Float])]) -> [UInt8] {
        func u16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
        func u32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * UInt32($0))) } }
        func crc32(_ bytes: [UInt8]) -> UInt32 {
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in bytes {
                crc ^= UInt32(byte)
                for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
            }
            return ~crc
        }
        var body: [UInt8] = []
        var central: [UInt8] = []
        for (name, shape, values) in arrays {
            let dims = shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? "," : "")
            var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(dims)), }"
            while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
            header += "\n"
            var npy: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0] + u16(header.utf8.count) + Array(header.utf8)
            for v in values { npy += u32(v.bitPattern) }
            let file = Array((name + ".npy").utf8)
            let common =
                [20, 0, 0, 0, 0, 0, 0, 0, 0, 0] + u32(crc32(npy)) + u32(UInt32(npy.count)) + u32(UInt32(npy.count))
                + u16(file.count) + u16(0)
            central +=
                [0x50, 0x4B, 1, 2, 20, 0] + common + u16(0) + u16(0) + u16(0) + u32(0) + u32(UInt32(body.count))
                + file
            body += [0x50, 0x4B, 3, 4] + common + file + npy
        }
        let end =
            [0x50, 0x4B, 5, 6, 0, 0, 0, 0] + u16(arrays.count) + u16(arrays.count) + u32(UInt32(central.count))
            + u32(UInt32(body.count)) + u16(0)
        return body + central + end
    }

    /// `root/gemma-scope-2b-pt-<site>/layer_L/width_8/average_l0_N/params.npz` with 8 random latents.
    static func gemma(_ root: String, site: String, layer: Int, dIn: Int, values: inout Values) throws {
        let path = root + "/gemma-scope-2b-pt-\(site)/layer_\(layer)/width_8/average_l0_50/params.npz"
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let bytes = npz([
            ("W_enc", [dIn, 8], values.array(8 * dIn)), ("W_dec", [8, dIn], values.array(8 * dIn)),
            ("b_enc", [8], values.array(8)), ("b_dec", [dIn], values.array(dIn)),
            ("threshold", [8], [Float](repeating: 0.1, count: 8)),
        ])
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    static func folder(_ label: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("ff-gemma-\(label)-\(UUID().uuidString)").path
    }

    func run(_ arguments: [String]) throws {
        var command = try FeatureFlowCommand.parseAsRoot(arguments)
        try command.run()
    }

    func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    @Test func inspectShowsTheVariantAndTheSizeOfWhatALinkPointsTo() throws {
        let root = Self.folder("inspect")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let repository = root + "/models--google--gemma-scope-2b-pt-res"
        var values = Values()
        let bytes = Self.npz([("W_dec", [16384, 2], values.array(32768)), ("threshold", [16384], values.array(16384))])
        try FileManager.default.createDirectory(atPath: repository + "/blobs", withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: repository + "/blobs/abc"))
        let folder = repository + "/snapshots/rev1/layer_0/width_16k/average_l0_105"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: folder + "/params.npz", withDestinationPath: "../../../../../blobs/abc")
        try FileManager.default.createDirectory(atPath: repository + "/refs", withIntermediateDirectories: true)
        try "rev1".write(toFile: repository + "/refs/main", atomically: true, encoding: .utf8)

        let report = InspectReport(catalog: try SAECatalog.load(path: root))
        #expect(report.saes.first?.bytes == Int64(bytes.count))
        #expect(bytes.count > 16384 * 3 * 4)
        let table = report.table()
        #expect(table.contains("width_16k l0 105"))
        #expect(table.contains(ByteSize.string(bytes.count)))
        #expect(table.contains("note: models--google--gemma-scope-2b-pt-res: snapshot rev1 (refs/main)"))
    }

    /// Residual SAEs at layers 0, 1 and 3 (layer 2 missing), MLP SAEs at every one of them.
    static func missingLayerTree() throws -> String {
        let root = folder("gap")
        var values = Values(state: 3)
        for layer in [0, 1, 3] {
            try gemma(root, site: "res", layer: layer, dIn: 2, values: &values)
            try gemma(root, site: "mlp", layer: layer, dIn: 2, values: &values)
        }
        return root
    }

    @Test func aMissingLayerIsAGapOnEveryPageThatCountsClasses() throws {
        let root = try Self.missingLayerTree()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let site = root + "-site"
        defer { try? FileManager.default.removeItem(atPath: site) }
        try run(["build", root, "--out", site, "--db", root + "/flow.sqlite", "--quiet"])
        let index = try read(site + "/index.html")
        #expect(
            index.contains("Gap: no residual SAE at the layer before layer(s) 3, so the origin of their 8 features"))
        #expect(index.contains("unknown origin (gap)"))
        #expect(index.contains("8 features of unknown origin (a gap: no residual SAE at the layer before)"))
        let layer = try read(site + "/layers/3.html")
        #expect(layer.contains("Gap: no residual SAE at layer 2"))
        #expect(layer.contains("0 chains born here"))
        let emergence = try read(site + "/emergence.html")
        #expect(emergence.contains("Gap:") && emergence.contains("unknown origin (gap)"))
        for page in ["persistence", "transformation"] { #expect(try read(site + "/\(page).html").contains("Gap:")) }
        // No attention SAE anywhere: every layer says its classes are uncertain.
        #expect(index.contains("No attention SAE was compared at layer(s) 0, 1"))
        let database = try FlowDatabase(path: root + "/flow.sqlite", readOnly: true, mustExist: true)
        let classes = try database.sqlite.rows("SELECT DISTINCT class FROM feature WHERE layer = 3").map {
            $0[0].string
        }
        #expect(classes == ["unknown"])
    }

    @Test func warningsBelongToTheirRunAndNeverClaimAProjectionIsMissingWhenItIsNot() throws {
        let root = Self.folder("stale")
        defer { try? FileManager.default.removeItem(atPath: root) }
        var values = Values(state: 11)
        for layer in 0..<2 {
            try Self.gemma(root, site: "res", layer: layer, dIn: 2, values: &values)
            try Self.gemma(root, site: "mlp", layer: layer, dIn: 2, values: &values)
            try Self.gemma(root, site: "att", layer: layer, dIn: 4, values: &values)
        }
        let model = root + "-model"
        defer { try? FileManager.default.removeItem(atPath: model) }
        try FileManager.default.createDirectory(atPath: model, withIntermediateDirectories: true)
        try #"{"model_type": "gemma2"}"#.write(toFile: model + "/config.json", atomically: true, encoding: .utf8)
        try MatchCommandTests.safetensors(
            (0..<2).flatMap { layer in
                [
                    ("model.layers.\(layer).self_attn.o_proj.weight", [2, 4], values.array(8)),
                    ("model.layers.\(layer).post_attention_layernorm.weight", [2], values.array(2)),
                ]
            }, to: model + "/model.safetensors")
        let site = root + "-site"
        defer { try? FileManager.default.removeItem(atPath: site) }
        let db = root + "-flow.sqlite"
        defer { try? FileManager.default.removeItem(atPath: db) }

        try run(["build", root, "--out", site, "--db", db, "--quiet"])
        let before = try read(site + "/index.html")
        #expect(before.contains("skipped — pass --model DIR"))
        #expect(before.contains("read hook_z (per-head outputs): they are skipped unless --model DIR"))

        try run(["build", root, "--out", site, "--db", db, "--quiet", "--model", model])
        let after = try read(site + "/index.html")
        #expect(!after.contains("skipped"))
        #expect(!after.contains("read hook_z"))
        #expect(!after.contains("ModelWeights"))
        #expect(after.contains("att (projected)"))
    }

    @Test func theReportNamesTheSnapshotItRead() throws {
        let root = Self.folder("snapshot")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let repository = root + "/models--google--gemma-scope-2b-pt-res"
        var values = Values(state: 17)
        for snapshot in ["1111old", "2222new"] {
            for layer in 0..<2 {
                try Self.gemma(root, site: "res", layer: layer, dIn: 2, values: &values)
                let from = root + "/gemma-scope-2b-pt-res/layer_\(layer)"
                let to = repository + "/snapshots/\(snapshot)/layer_\(layer)"
                try FileManager.default.createDirectory(
                    atPath: (to as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try FileManager.default.moveItem(atPath: from, toPath: to)
            }
        }
        try FileManager.default.removeItem(atPath: root + "/gemma-scope-2b-pt-res")
        try FileManager.default.createDirectory(atPath: repository + "/refs", withIntermediateDirectories: true)
        try "2222new".write(toFile: repository + "/refs/main", atomically: true, encoding: .utf8)
        let site = root + "-site"
        defer { try? FileManager.default.removeItem(atPath: site) }
        try run(["build", root, "--out", site, "--db", root + "/flow.sqlite", "--quiet"])
        let index = try read(site + "/index.html")
        #expect(index.contains("Hugging Face cache: models--google--gemma-scope-2b-pt-res: snapshot 2222new"))
        #expect(!index.contains("snapshots/1111old"))
        try run(["build", root, "--out", site, "--db", root + "/flow.sqlite", "--quiet", "--revision", "1111"])
        #expect(try read(site + "/index.html").contains("models--google--gemma-scope-2b-pt-res: snapshot 1111old"))
    }

    @Test func aFailedBuildLeavesNoDatabaseBehind() throws {
        let root = Self.folder("failed")
        defer { try? FileManager.default.removeItem(atPath: root) }
        var values = Values(state: 5)
        try Self.gemma(root, site: "res", layer: 0, dIn: 2, values: &values)
        try Self.gemma(root, site: "att", layer: 0, dIn: 4, values: &values)
        let out = root + "-site"
        #expect(throws: (any Error).self) {
            try run(["build", root, "--out", out, "--quiet", "--model", root + "/no-such-model"])
        }
        #expect(!FileManager.default.fileExists(atPath: out + ".sqlite"))
        #expect(!FileManager.default.fileExists(atPath: out))
        // A database that existed before is left alone.
        let db = root + "-kept.sqlite"
        defer { try? FileManager.default.removeItem(atPath: db) }
        _ = try FlowDatabase(path: db)
        #expect(throws: (any Error).self) {
            try run(["build", root, "--out", out, "--db", db, "--quiet", "--model", root + "/no-such-model"])
        }
        #expect(FileManager.default.fileExists(atPath: db))
    }

    @Test func warningsReachStderrEvenWhenQuiet() throws {
        let root = try Self.missingLayerTree()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let site = root + "-site"
        defer { try? FileManager.default.removeItem(atPath: site) }
        let outcome = try ToolProcess.run(["build", root, "--out", site, "--quiet"], in: root)
        defer { try? FileManager.default.removeItem(atPath: site + ".sqlite") }
        #expect(outcome.status == 0)
        #expect(outcome.lines.contains("warning: no attention SAE at any layer"))
        #expect(outcome.lines.contains("warning: layer 2: no residual SAE"))
        #expect(!outcome.lines.contains { $0.hasPrefix("[1/") })  // progress stays quiet
    }
}
