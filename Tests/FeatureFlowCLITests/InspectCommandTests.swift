import Foundation
import Testing

@testable import FeatureFlowCLI
@testable import FlowCore

@Suite struct InspectCommandTests {
    /// A SAELens folder with a tiny F32 safetensors file (built here: the CLI tests do not share FlowCore's fixtures).
    func folder(_ root: String, layer: Int, hook: String) throws {
        let path = root + "/\(hook)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let config = """
            {"d_in": 2, "d_sae": 3, "architecture": "standard", "metadata": {"hook_name": "\(hook)"}}
            """
        try Data(config.utf8).write(to: URL(fileURLWithPath: path + "/cfg.json"))
        var header = #"{"W_dec":{"dtype":"F32","shape":[3,2],"data_offsets":[0,24]}}"#
        while header.utf8.count % 8 != 0 { header += " " }
        var bytes = (0..<8).map { UInt8(truncatingIfNeeded: header.utf8.count >> (8 * $0)) } + Array(header.utf8)
        for value in [Float](repeating: 0.5, count: 6) {
            bytes += (0..<4).map { UInt8(truncatingIfNeeded: value.bitPattern >> (8 * UInt32($0))) }
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path + "/sae_weights.safetensors"))
    }

    @Test func printsTableAndJSON() throws {
        let root = NSTemporaryDirectory() + "featureflow-inspect-\(UUID().uuidString)"
        try folder(root, layer: 0, hook: "blocks.0.hook_resid_post")
        try folder(root, layer: 1, hook: "blocks.1.hook_resid_post")
        try folder(root, layer: 1, hook: "blocks.1.hook_mlp_out")
        let catalog = try SAECatalog.load(path: root)
        let report = InspectReport(catalog: catalog)
        let table = report.table()
        #expect(table.hasPrefix("layer  site  format   d_in  d_sae  dtype  arch      size  hook\n"))
        #expect(table.contains("    0  res   saelens     2      3  F32    standard  "))
        #expect(table.contains("warning: layer 0: no MLP SAE"))
        #expect(table.contains("Missing: 0/mlp\n"))
        let json = try report.json()
        let decoded = try JSONDecoder().decode(InspectReport.self, from: Data(json.utf8))
        #expect(decoded.saes.map(\.site) == ["res", "res", "mlp"])
        #expect(decoded.missing.map(\.layer) == [0])
        _ = try FeatureFlowCommand.parseAsRoot(["inspect", root, "--json"])
    }
}
