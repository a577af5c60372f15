import FlowCore
import FlowExport
import Foundation
import TestSupport
import Testing

@testable import FeatureFlowCLI

@Suite struct MatchCommandTests {
    /// Deterministic values in [-1, 1].
    struct Values {
        var state: UInt64 = 7
        mutating func next() -> Float {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(Int64(bitPattern: state >> 11) % 2001 - 1000) / 1000
        }
        mutating func array(_ count: Int) -> [Float] { (0..<count).map { _ in next() } }
    }

    /// A safetensors file of F32 tensors, written byte by byte.
    static func safetensors(_ tensors: [(String, [Int], [Float])], to path: String) throws {
        let bytes = SafetensorsBytes.f32(tensors)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// One SAELens SAE folder `root/<hook>` with random weights.
    static func saelens(root: String, hook: String, dIn: Int, dSAE: Int, values: inout Values) throws {
        let folder = root + "/" + hook
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let config = """
            {"d_in": \(dIn), "d_sae": \(dSAE), "dtype": "float32", "device": "cpu", "apply_b_dec_to_input": false,
             "normalize_activations": "none", "reshape_activations": "none", "architecture": "standard",
             "metadata": {"model_name": "tiny", "hook_name": "\(hook)", "sae_lens_version": "6.18.0"}}
            """
        try config.write(toFile: folder + "/cfg.json", atomically: true, encoding: .utf8)
        try safetensors(
            [
                ("W_dec", [dSAE, dIn], values.array(dSAE * dIn)), ("W_enc", [dIn, dSAE], values.array(dIn * dSAE)),
                ("b_dec", [dIn], values.array(dIn)), ("b_enc", [dSAE], values.array(dSAE)),
            ], to: folder + "/sae_weights.safetensors")
    }

    /// A folder of SAELens SAEs (res for layers 0…2, mlp for layer 1), 6-d, 10 features each.
    func writeFolder() throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ff-cli-\(UUID().uuidString)").path
        var values = Values()
        for hook in [
            "blocks.0.hook_resid_post", "blocks.1.hook_resid_post", "blocks.2.hook_resid_post", "blocks.1.hook_mlp_out",
        ] {
            try Self.saelens(root: root, hook: hook, dIn: 6, dSAE: 10, values: &values)
        }
        return root
    }

    func run(_ arguments: [String]) throws {
        var command = try FeatureFlowCommand.parseAsRoot(arguments)
        try command.run()
    }

    @Test func matchThenExportCSV() throws {
        let root = try writeFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let db = root + "/flow.sqlite"
        try run(["match", root, "--db", db, "--top-k", "2", "--quiet"])
        let database = try FlowDatabase(path: db)
        #expect(try database.layers() == [0, 1, 2])
        #expect(try database.matches(layer: 1).count == 10 * 3 * 2)  // res back, mlp, res forward
        #expect(try database.runs().last?.parameters.contains("\"top_k\":2") == true)

        try run(["match", root, "--db", db, "--top-k", "2", "--quiet"])
        #expect(try database.runs().last?.timings.contains("\"computed\":0") == true)
        try run(["match", root, "--db", db, "--top-k", "2", "--quiet", "--force", "--layers", "1-1"])
        #expect(try database.runs().last?.timings.contains("\"computed\":1") == true)

        let csv = root + "/matches.csv"
        try run(["export", "matches", "--db", db, "--format", "csv", "--out", csv])
        let text = try String(contentsOfFile: csv, encoding: .utf8)
        var expected = ""
        try database.exportMatchesCSV { expected += $0 }
        #expect(text == expected)
        let lines = text.split(separator: "\n")
        #expect(lines.first == "layer,feature,site,direction,rank,candidate,cosine")
        #expect(lines.count == 1 + 10 * 2 * (1 + 3 + 1))
        #expect(lines[1].hasPrefix("0,0,mlp,") == false && lines[1].hasPrefix("0,0,res,forward,1,"))
    }

    @Test func hookZAttentionIsSkippedWithoutModelAndProjectedWithIt() throws {
        let root = try writeFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var values = Values(state: 99)
        try Self.saelens(root: root, hook: "blocks.1.attn.hook_z", dIn: 4, dSAE: 8, values: &values)
        let model = root + "-model"
        try FileManager.default.createDirectory(atPath: model, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: model) }
        try #"{"model_type": "gemma2"}"#.write(toFile: model + "/config.json", atomically: true, encoding: .utf8)
        try Self.safetensors(
            [
                ("model.layers.1.self_attn.o_proj.weight", [6, 4], values.array(24)),
                ("model.layers.1.post_attention_layernorm.weight", [6], values.array(6)),
                ("model.layers.1.pre_feedforward_layernorm.weight", [6], values.array(6)),
            ], to: model + "/model.safetensors")
        let db = root + "/flow.sqlite"

        try run(["match", root, "--db", db, "--quiet"])
        let database = try FlowDatabase(path: db)
        let warnings = try #require(try database.runs().last?.warnings)
        #expect(warnings.contains { $0.contains("hook_z") && $0.contains("--model") })
        #expect(try database.layerStates().first { $0.layer == 1 }?.mode == "exact partial")
        #expect(try database.topMatch(layer: 1, feature: 0, hookSite: .att, direction: .backward) == nil)

        try run(["match", root, "--db", db, "--quiet", "--model", model])
        #expect(try database.runs().last?.timings.contains("\"computed\":1") == true)  // only layer 1 changed
        #expect(try database.layerStates().first { $0.layer == 1 }?.mode == "exact")
        let att = try database.matches(layer: 1).filter { $0.hookSite == .att }
        #expect(att.count == 10 * 5 && att.allSatisfy { (0..<8).contains($0.candidate) })
        #expect(try database.saes().first { $0.hookSite == .att }?.projected == true)
    }

    @Test func rejectsBadOptions() {
        #expect(throws: (any Error).self) { try FeatureFlowCommand.parseAsRoot(["match", "x", "--top-k", "0"]) }
        #expect(throws: (any Error).self) { try FeatureFlowCommand.parseAsRoot(["match", "x", "--layers", "3-1"]) }
        #expect(MatchArguments.parseLayers("2-5") == 2...5 && MatchArguments.parseLayers("4") == 4...4)
        #expect(MatchArguments.parseLayers("a-b") == nil && MatchArguments.parseLayers("-1") == nil)
    }

    @Test func durationsReadWell() {
        #expect(ProgressPrinter.duration(5) == "5s")
        #expect(ProgressPrinter.duration(125) == "2m05s")
        #expect(ProgressPrinter.duration(3720) == "1h02m")
    }
}
