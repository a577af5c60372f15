import Foundation
import SQLiteSupport
import Testing

@testable import FlowCore

@Suite struct FlowDatabaseAnalysisTests {
    /// Writes the fixture table as `match` rows (rank 1, plus a rank-2 row that must be ignored).
    func database() throws -> (FlowDatabase, String) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ff-\(UUID().uuidString).sqlite").path
        let database = try FlowDatabase(path: path)
        let db = database.sqlite
        let table = AnalysisFixtures.table
        for scores in table.layers {
            for hookSite in HookSite.allCases {
                let theta: SQLiteValue = hookSite == .res ? .blob([0, 0, 0x80, 0x3f, 0, 0, 0, 0x40]) : .null
                try db.run(
                    "INSERT INTO sae(layer, site, path, format, hook_name, d_in, d_sae, dtype, architecture, sha256, "
                        + "neuronpedia_id, projected, thresholds) "
                        + "VALUES (?, ?, 'p', 'saelens', ?, 4, ?, 'F32', 'jumprelu', 'x', NULL, 0, ?)",
                    scores.layer, hookSite.rawValue, "blocks.\(scores.layer).\(hookSite)", scores.count, theta)
            }
            let columns: [(String, String, TopOneColumn?)] = [
                ("res", "backward", scores.res), ("mlp", "backward", scores.mlp), ("att", "backward", scores.att),
                ("res", "forward", scores.forward),
            ]
            for (hookSite, direction, column) in columns {
                guard let column else { continue }
                for i in 0..<scores.count {
                    try db.run(
                        "INSERT INTO match VALUES (?, ?, ?, ?, 1, ?, ?)", scores.layer, i, hookSite, direction,
                        Int(column.candidates[i]), column.cosines[i])
                    try db.run(
                        "INSERT INTO match VALUES (?, ?, ?, ?, 2, 99, 0.01)", scores.layer, i, hookSite, direction)
                }
            }
        }
        return (database, path)
    }

    @Test func readsTheScoreTableBack() throws {
        let (store, path) = try database()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let table = try store.scoreTable()
        #expect(table.layerNumbers == [0, 1, 2])
        #expect(table[0]?.res == nil && table[2]?.forward == nil)
        for layer in 0...2 {
            let expected = AnalysisFixtures.table[layer]!
            for (got, want) in [(table[layer]?.mlp, expected.mlp), (table[layer]?.res, expected.res)] {
                #expect(got?.candidates == want?.candidates)
                for (a, b) in zip(got?.cosines ?? [], want?.cosines ?? []) { #expect(abs(a - b) < 1e-6) }
            }
        }
        #expect(try store.thresholds()[1]?[.res] == [1, 2])
        #expect(try store.hookNames()[2]?[.mlp] == "blocks.2.mlp")
    }

    @Test func writesFeatureRows() throws {
        let (store, path) = try database()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let db = store.sqlite
        try store.writeAnalysis(FlowAnalysis(table: try store.scoreTable()))
        let rows = try db.rows("SELECT class, birth, end_layer, s_res FROM feature WHERE layer = 1 ORDER BY feature")
        #expect(rows.map { $0[0].string } == ["translated", "processed", "newborn-att"])
        #expect(rows.map { $0[1].int } == [0, 0, 1])
        #expect(rows[0][3].double.map { abs($0 - 0.8) < 1e-6 } == true)
        #expect(try db.rows("SELECT s_res FROM feature WHERE layer = 0").allSatisfy { $0[0] == .null })
        let parameters = try db.rows("SELECT value FROM analysis")[0][0].string ?? ""
        #expect(parameters.contains("\"persistence\":0.25"))
    }

    @Test func missingDatabaseIsAClearError() {
        #expect(throws: StoreError(path: "/nonexistent/flow.sqlite", reason: .missing)) {
            try FlowDatabase(path: "/nonexistent/flow.sqlite", readOnly: true)
        }
    }
}
