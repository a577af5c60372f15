import Foundation
import Testing

@testable import FlowCore

/// Inputs `make fuzz` found crashing, kept verbatim (base64) with the error each must now produce.
@Suite struct FuzzRegressionTests {
    /// Writes the decoded input to a fresh file named `name`.
    func file(_ base64: String, _ name: String) -> String {
        let path = FixtureWriter.temporaryFolder("fuzz") + "/" + name
        FixtureWriter.write([UInt8](Data(base64Encoded: base64)!), to: path)
        return path
    }

    /// safetensors: an F64 scalar whose bytes (header text `k":{"dty`) read as 1.1e277, +Inf as F32;
    /// `scalarInt()` trapped converting it to Int.
    @Test func nonFiniteScalarIsNotAnInteger() throws {
        let path = file(
            "4AAAAAAAAAB7ImgiOnsiZHR5cGUiOiJGMTYiLCJzaGFwZSI6WzJdLCJkYXRhX29mZnNldHMiOlswLDRdfSwiZCI6eyJkdHlwZSI6IkY2NCIsInNoYXBlIjpbMV0sImRhdGFfb2Zmc2V0cyI6WzQsMTJdfSwiayI6eyJkdHlwZSI6Ikk2NCIsInNoYXBlIjpbXSwiZGF0YV9vZmZzZXRzIjpbMTIsMjBdfSwieiI6eyJkdHlwZSI6IkYzMiIsInNoYXBlIjpbMCw0XSwiZGF0YV9vZmZzZXRzIjpbMjAsMjBdfX0gICAgIAA8LCJrIjp7ImR0eXBlIjoiSTY0",
            "crash.safetensors")
        let weights = try SafetensorsFile(path: path)
        let scalar = try weights.tensor("d")
        let value = try scalar.floats()[0]
        #expect(value == .infinity)
        #expect(throws: WeightError(path: path, .notAnInteger(tensor: "d", value: "inf"))) {
            try scalar.scalarInt()
        }
    }

    /// config, manifest, labels: the empty input. Each reader went through `FileManager.contents(atPath:)`,
    /// which leaked 4 KB per empty file (LeakSanitizer); they now read through `MappedFile.contents(atPath:)`.
    @Test func emptyTextInputsAreLocatedErrorsOrEmpty() throws {
        let folder = FixtureWriter.temporaryFolder("empty")
        for name in ["cfg.json", "featureflow.yaml", "labels.jsonl", "labels.csv"] {
            FixtureWriter.write([], to: folder + "/" + name)
        }
        #expect(MappedFile.contents(atPath: folder + "/cfg.json") == [])
        #expect(MappedFile.contents(atPath: folder) == nil)
        #expect(throws: WeightError(path: folder + "/cfg.json", .malformedHeader("not valid JSON"))) {
            try SAELensConfig(path: folder + "/cfg.json")
        }
        #expect(
            throws: WeightError(
                path: folder + "/featureflow.yaml", .badConfig("the manifest must be a mapping with a 'saes' list"))
        ) { try SAECatalog.load(path: folder) }
        #expect(try LabelSet.load(paths: [folder + "/labels.jsonl", folder + "/labels.csv"]).count == 0)
        #expect(throws: LabelError(path: folder, line: nil, reason: .unreadable("no such file or not readable"))) {
            try LabelSet.read(folder)
        }
    }
}
