import CanonicalOutput
import Foundation
import SQLiteSupport
import Testing

@testable import FlowCore

/// Warnings belong to the run that produced the layers they describe (issue #11).
@Suite struct CurrentWarningsTests {
    static func database() throws -> FlowDatabase {
        let path = NSTemporaryDirectory() + "featureflow-warnings-\(UUID().uuidString).sqlite"
        let database = try FlowDatabase(path: path)
        for layer in 0..<3 {
            try database.sqlite.run(
                "INSERT INTO layer_state(layer, inputs, parameters, mode, seconds) VALUES (?, '{}', '{}', 'exact', 0)",
                layer)
        }
        return database
    }

    static func timings(_ layers: [Int]) -> String {
        JSONValue.object([
            "layers": .object(Dictionary(uniqueKeysWithValues: layers.map { (String($0), ["mode": "computed"]) }))
        ]).rendered()
    }

    @Test func aRebuildOfEveryLayerDropsTheOldRunsWarnings() throws {
        let database = try Self.database()
        try database.writeRun(
            parameters: "{}", timings: Self.timings([0, 1, 2]),
            warnings: [
                "layer 1 att: x reads hook_z; skipped — pass --model DIR", "attention SAEs at 3 layer(s) read hook_z",
            ])
        #expect(try database.currentWarnings().count == 2)
        try database.writeRun(parameters: "{}", timings: Self.timings([0, 1, 2]), warnings: ["layer 2: no MLP SAE"])
        #expect(try database.currentWarnings() == ["layer 2: no MLP SAE"])
    }

    @Test func aPartialRebuildKeepsTheWarningsOfTheLayersItDidNotTouch() throws {
        let database = try Self.database()
        try database.writeRun(
            parameters: "{}", timings: Self.timings([0, 1, 2]),
            warnings: ["layer 0 att: skipped", "layer 1 att: skipped", "layer 12: not stored", "global"])
        try database.writeRun(parameters: "{}", timings: Self.timings([1]), warnings: [])
        // Layer 12 is not stored: a warning about it is kept from its run (no newer run owns it).
        #expect(try database.currentWarnings() == ["global", "layer 0 att: skipped", "layer 12: not stored"])
        // A merge records no layers: its warnings stay.
        try database.writeRun(parameters: "{}", timings: "{}", warnings: ["merged"])
        #expect(try database.currentWarnings().contains("merged"))
        #expect(FlowDatabase.layerNamed(in: "layer 3/res: x") == 3 && FlowDatabase.layerNamed(in: "layers 3") == nil)
        #expect(FlowDatabase.layerNamed(in: "layer 12x") == nil)
    }
}
