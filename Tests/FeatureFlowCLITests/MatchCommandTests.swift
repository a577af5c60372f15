import FlowCore
import Foundation
import Testing

@testable import FeatureFlowCLI

@Suite struct MatchCommandTests {
    /// A folder of SAELens SAEs (res for layers 0…2, mlp for layer 1), written byte by byte.
    func writeFolder() throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ff-cli-\(UUID().uuidString)").path
        var state: UInt64 = 7
        func random() -> Float {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(Int64(bitPattern: state >> 11) % 2001 - 1000) / 1000
        }
        let dIn = 6
        let dSAE = 10
        for (hook, layer) in [
            ("hook_resid_post", 0), ("hook_resid_post", 1), ("hook_resid_post", 2), ("hook_mlp_out", 1),
        ] {
            let name = "blocks.\(layer).\(hook)"
            let folder = root + "/" + name
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let config = """
                {"d_in": \(dIn), "d_sae": \(dSAE), "dtype": "float32", "device": "cpu", "apply_b_dec_to_input": false,
                 "normalize_activations": "none", "reshape_activations": "none", "architecture": "standard",
                 "metadata": {"model_name": "tiny", "hook_name": "\(name)", "sae_lens_version": "6.18.0"}}
                """
            try config.write(toFile: folder + "/cfg.json", atomically: true, encoding: .utf8)
            let tensors: [(String, [Int])] = [
                ("W_dec", [dSAE, dIn]), ("W_enc", [dIn, dSAE]), ("b_dec", [dIn]), ("b_enc", [dSAE]),
            ]
            var header: [String] = []
            var data: [UInt8] = []
            for (tensor, shape) in tensors {
                let count = shape.reduce(1, *)
                let start = data.count
                for _ in 0..<count { withUnsafeBytes(of: random().bitPattern.littleEndian) { data += $0 } }
                header.append(
                    "\"\(tensor)\":{\"dtype\":\"F32\",\"shape\":[\(shape.map(String.init).joined(separator: ","))],"
                        + "\"data_offsets\":[\(start),\(data.count)]}")
            }
            var text = "{" + header.joined(separator: ",") + "}"
            while text.utf8.count % 8 != 0 { text += " " }
            var bytes: [UInt8] = []
            withUnsafeBytes(of: UInt64(text.utf8.count).littleEndian) { bytes += $0 }
            bytes += Array(text.utf8) + data
            try Data(bytes).write(to: URL(fileURLWithPath: folder + "/sae_weights.safetensors"))
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

    @Test func rejectsBadOptions() {
        #expect(throws: (any Error).self) { try FeatureFlowCommand.parseAsRoot(["match", "x", "--top-k", "0"]) }
        #expect(throws: (any Error).self) { try FeatureFlowCommand.parseAsRoot(["match", "x", "--layers", "3-1"]) }
        #expect(MatchCommand.parseLayers("2-5") == 2...5 && MatchCommand.parseLayers("4") == 4...4)
        #expect(MatchCommand.parseLayers("a-b") == nil && MatchCommand.parseLayers("-1") == nil)
    }

    @Test func durationsReadWell() {
        #expect(MatchProgressPrinter.duration(5) == "5s")
        #expect(MatchProgressPrinter.duration(125) == "2m05s")
        #expect(MatchProgressPrinter.duration(3720) == "1h02m")
    }
}
