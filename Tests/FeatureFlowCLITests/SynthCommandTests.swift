import Foundation
import Testing

@testable import FeatureFlowCLI
@testable import FlowCore
@testable import SyntheticFamily

@Suite struct SynthCommandTests {
    @Test func parsesAndWritesAFamily() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("synth-cli-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let arguments = ["synth", "--out", folder, "--layers", "2", "--d-model", "32", "--width", "8", "--seed", "3"]
        var command = try FeatureFlowCommand.parseAsRoot(arguments + ["--dtype", "bf16", "--truth-check", "sample"])
        #expect(command is SynthCommand)
        try command.run()
        let truth = try SyntheticTruth.read(from: folder + "/truth.json")
        #expect(truth.dtype == "BF16" && truth.truthCheck == "sample" && truth.layers == 2)
        // Running again into the same folder replaces the previous run (the marker allows it).
        var again = try FeatureFlowCommand.parseAsRoot(arguments)
        try again.run()
        #expect(try SyntheticTruth.read(from: folder + "/truth.json").dtype == "F32")
    }

    @Test func rejectsBadSizes() {
        #expect(throws: (any Error).self) {
            try FeatureFlowCommand.parseAsRoot([
                "synth", "--out", "x", "--layers", "0", "--d-model", "32", "--width", "8", "--seed", "1",
            ])
        }
        #expect(throws: (any Error).self) {
            try FeatureFlowCommand.parseAsRoot([
                "synth", "--out", "x", "--layers", "2", "--d-model", "32", "--width", "8", "--seed", "1", "--dtype",
                "f16",
            ])
        }
    }
}
