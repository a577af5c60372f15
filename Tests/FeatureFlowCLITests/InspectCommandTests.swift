import Foundation
import TestSupport
import Testing

@testable import FeatureFlowCLI
@testable import FlowCore

@Suite struct InspectCommandTests {
    /// A SAELens folder with a tiny F32 safetensors file (built byte by byte by TestSupport).
    func folder(_ root: String, layer: Int, hook: String) throws {
        let path = root + "/\(hook)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let config = """
            {"d_in": 2, "d_sae": 3, "architecture": "standard", "metadata": {"hook_name": "\(hook)"}}
            """
        try Data(config.utf8).write(to: URL(fileURLWithPath: path + "/cfg.json"))
        let bytes = SafetensorsBytes.f32([("W_dec", [3, 2], [Float](repeating: 0.5, count: 6))])
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
