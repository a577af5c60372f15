import Codecs
import FlowExport
import Foundation
import Testing

@testable import FlowCore

@Suite struct FlowDatabaseTests {
    typealias F = MatchingFixtures

    /// A temp folder with `layers` layers of res + mlp SAEs whose weight files hold their values.
    final class Fixture {
        let folder: URL
        var saes: [SAE] = []

        init(layers: Int, columns: Int = 6, res: Int = 9, mlp: Int = 7) throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("ff-store-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for layer in 0..<layers {
                for (hookSite, rows) in [(HookSite.res, res), (HookSite.mlp, mlp)] {
                    try add(
                        layer: layer, hookSite: hookSite, rows: rows, columns: columns, seed: UInt64(layer * 7 + rows))
                }
            }
        }

        func add(layer: Int, hookSite: HookSite, rows: Int, columns: Int, seed: UInt64, threshold: [Float]? = nil)
            throws
        {
            let values = F.values(rows, columns, seed: seed)
            let file = folder.appendingPathComponent("\(layer)-\(hookSite.rawValue).bin")
            try values.withUnsafeBytes { Data($0) }.write(to: file)
            var sae = F.sae(layer: layer, hookSite: hookSite, rows: rows, columns: columns, values: values)
            sae.source = SAESource(path: file.path, weightFiles: [file.path], format: .saelens, dtype: "F32")
            sae.threshold = threshold
            saes.removeAll { $0.layer == layer && $0.hookSite == hookSite }
            saes.append(sae)
        }

        var database: String { folder.appendingPathComponent("flow.sqlite").path }

        deinit { try? FileManager.default.removeItem(at: folder) }
    }

    func run(_ fixture: Fixture, topK: Int = 3, force: Bool = false, layers: ClosedRange<Int>? = nil) throws
        -> MatchPipeline.Summary
    {
        let database = try FlowDatabase(path: fixture.database)
        let pipeline = MatchPipeline(matcher: FeatureMatcher(options: MatchOptions(topK: topK)), database: database)
        return try pipeline.run(
            saes: fixture.saes, request: .init(input: fixture.folder.path, layers: layers, force: force),
            inputWarnings: ["input warning"])
    }

    @Test func roundTripsMatchesSAEsAndRuns() throws {
        let fixture = try Fixture(layers: 3)
        try fixture.add(
            layer: 1, hookSite: .res, rows: 9, columns: 6, seed: 99, threshold: [0.5, 0, -1, 2, 3, 4, 5, 6, 7])
        let summary = try run(fixture)
        #expect(summary.computed == [0, 1, 2] && summary.reused.isEmpty)

        // What the matcher produced is what the database returns.
        let matcher = FeatureMatcher(options: MatchOptions(topK: 3))
        var expected: [MatchRow] = []
        try matcher.run(plans: try matcher.plan(saes: fixture.saes)) { result in
            for feature in 0..<result.features {
                for c in result.comparisons {
                    for (rank, m) in c.topK.best(row: feature).enumerated() {
                        expected.append(
                            MatchRow(
                                layer: result.layer, feature: feature, hookSite: c.hookSite, direction: c.direction,
                                rank: rank + 1, candidate: m.index, cosine: Double(m.value)))
                    }
                }
            }
        }
        let db = try FlowDatabase(path: fixture.database, readOnly: true)
        var stored: [MatchRow] = []
        try db.forEachMatch { stored.append($0) }
        #expect(Set(stored) == Set(expected))
        #expect(stored.count == 9 * 3 * (2 + 3 + 2))  // layer 0: mlp+fwd, 1: 3 sites + fwd… rows × k
        #expect(try db.matches(layer: 1).count == 9 * 3 * 3)
        #expect(try db.layers() == [0, 1, 2])

        let top = try #require(try db.topMatch(layer: 1, feature: 4, hookSite: .res, direction: .backward))
        #expect(top.rank == 1 && top.candidateLayer == 0)
        #expect(
            top
                == expected.first {
                    $0.layer == 1 && $0.feature == 4 && $0.hookSite == .res && $0.rank == 1 && $0.direction == .backward
                })
        #expect(try db.topMatch(layer: 0, feature: 0, hookSite: .res, direction: .backward) == nil)
        #expect(try db.topMatches(layer: 2, hookSite: .mlp, direction: .backward).map(\.feature) == Array(0..<9))

        let saes = try db.saes()
        #expect(saes.count == 6)
        #expect(
            saes.map(\.layer) == [0, 0, 1, 1, 2, 2] && saes.map(\.hookSite) == [.res, .mlp, .res, .mlp, .res, .mlp])
        let r1 = saes[2]
        #expect(r1.thresholds == [0.5, 0, -1, 2, 3, 4, 5, 6, 7] && saes[0].thresholds == nil)
        #expect(r1.sha256.count == 64 && r1.dIn == 6 && r1.dSAE == 9 && r1.format == "saelens")

        let runs = try db.runs()
        #expect(runs.count == 1 && runs[0].toolVersion == FlowCore.version && runs[0].warnings == ["input warning"])
        #expect(runs[0].parameters.contains("\"top_k\":3"))
    }

    @Test func rerunReusesUnchangedLayersAndForceRecomputes() throws {
        let fixture = try Fixture(layers: 4)
        _ = try run(fixture)
        let db = try FlowDatabase(path: fixture.database)
        let firstStates = try db.layerStates()

        let second = try run(fixture)
        #expect(second.computed.isEmpty && second.reused == [0, 1, 2, 3])
        #expect(try db.layerStates() == firstStates)  // untouched, including their seconds
        #expect(try db.runs().last?.timings.contains("\"mode\":\"reused\"") == true)

        // A changed MLP SAE of layer 2 only invalidates layer 2.
        try fixture.add(layer: 2, hookSite: .mlp, rows: 8, columns: 6, seed: 5)
        #expect(try run(fixture).computed == [2])
        // A changed residual SAE of layer 1 invalidates layers 0, 1 and 2.
        try fixture.add(layer: 1, hookSite: .res, rows: 10, columns: 6, seed: 6)
        let third = try run(fixture)
        #expect(third.computed == [0, 1, 2] && third.reused == [3])
        #expect(try db.matches(layer: 1).filter { $0.rank == 1 }.count == 10 * 3)

        #expect(try run(fixture, force: true).computed == [0, 1, 2, 3])
        #expect(try run(fixture, topK: 2).computed == [0, 1, 2, 3])
        #expect(try run(fixture, topK: 2, layers: 1...2).reused == [1, 2])
        #expect(try db.runs().count == 7)
    }

    @Test func layerRangeLimitsTheWork() throws {
        let fixture = try Fixture(layers: 4)
        let summary = try run(fixture, layers: 1...2)
        #expect(summary.computed == [1, 2])
        let db = try FlowDatabase(path: fixture.database)
        #expect(try db.layers() == [1, 2])
        // Layer 2 still has its forward matches into R_3.
        #expect(try db.topMatch(layer: 2, feature: 0, hookSite: .res, direction: .forward) != nil)
    }

    @Test func csvExportIsExact() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ff-csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = try FlowDatabase(path: folder.appendingPathComponent("flow.sqlite").path)
        try db.sqlite.execute(
            """
            INSERT INTO match VALUES (1, 0, 'res', 'forward', 1, 3, 0.5);
            INSERT INTO match VALUES (0, 2, 'res', 'forward', 1, 7, -0.0000001);
            INSERT INTO match VALUES (0, 2, 'mlp', 'backward', 2, 4, 0.123456789);
            INSERT INTO match VALUES (0, 2, 'mlp', 'backward', 1, 5, 0.9999996);
            INSERT INTO match VALUES (0, 10, 'att', 'backward', 1, 12, -0.25);
            """)
        var text = ""
        try db.exportMatchesCSV { text += $0 }
        #expect(
            text == """
                layer,feature,site,direction,rank,candidate,cosine
                0,2,mlp,backward,1,5,1.000000
                0,2,mlp,backward,2,4,0.123457
                0,2,res,forward,1,7,0.000000
                0,10,att,backward,1,12,-0.250000
                1,0,res,forward,1,3,0.500000

                """)
    }

    @Test func refusesAnotherSchemaVersion() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ff-ver-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("flow.sqlite").path
        try FlowDatabase(path: path).sqlite.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
        #expect(throws: StoreError(path: path, reason: .schemaVersion(found: "1", expected: FlowSchema.version))) {
            try FlowDatabase(path: path)
        }
    }

    @Test func checksumIsCachedBySizeAndTime() throws {
        let fixture = try Fixture(layers: 1)
        let db = try FlowDatabase(path: fixture.database)
        let file = fixture.saes[0].source.weightFiles[0]
        let sha = try db.checksum(ofFile: file)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        #expect(sha == bytes.withUnsafeBytes { Codecs.SHA256.hex(of: $0) })
        // The cache answers (a poisoned entry proves it was read, not recomputed).
        try db.sqlite.run("UPDATE file_checksum SET sha256 = 'cached'")
        #expect(try db.checksum(ofFile: file) == "cached")
    }
}
