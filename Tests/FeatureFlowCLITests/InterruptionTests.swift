import Foundation
import Testing

@testable import FlowCore
@testable import FlowReport
@testable import SiteKit
@testable import SyntheticFamily

/// `featureflow build` and `match` killed with SIGKILL (no chance to clean up) at several points of a rebuild: the
/// previous site must stay byte-identical, nothing unmarked may be left beside it, the flow database must open,
/// pass `PRAGMA integrity_check` and hold only complete layers, and the next normal run must finish and reuse
/// every layer that was complete.
@Suite struct InterruptionTests {
    /// A fresh folder holding a synthetic family big enough that matching a layer takes a visible moment
    /// (6 layers, d_model 512, width 1024), so kills land inside the step they aim at.
    func family(_ name: String) throws -> (root: String, saes: String) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ff-kill-\(name)-\(UUID().uuidString)")
            .path
        let saes = root + "/saes"
        _ = try SyntheticFamilyWriter(
            options: SyntheticFamilyOptions(layers: 6, dModel: 512, width: 1024, seed: 3, truthCheck: TruthCheck.none)
        )
        .write(to: saes)
        return (root, saes)
    }

    @Test func killedBuildsLeaveThePreviousSiteAndADatabaseThatResumes() throws {
        let (root, saes) = try family("build")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let site = root + "/site"
        let database = root + "/flow.sqlite"
        let base = [
            "build", saes, "--out", site, "--db", database, "--labels", saes + "/labels.jsonl", "--top-per-class", "0",
        ]
        let first = try ToolProcess.run(base, in: root)
        try #require(first.status == 0, "first build failed: \(first.lines.suffix(5))")
        let before = try DemoSite.files(in: site)
        try #require(before[SiteWriter.markerName] != nil)

        // The rebuild changes top-k, so every layer must be matched again and the site changes.
        let rebuild = base + ["--top-k", "6"]
        let wanted = MatchOptions(topK: 6).resultParametersJSON
        var complete = try audit(database, wanting: wanted, after: "the first build")
        let points: [(String, ToolProcess.KillPoint)] = [
            ("early, while loading", .line("[1/6] load SAEs")),
            ("during match", .line(" done (3/")),
            ("when analyse begins", .line("[3/6] analyse")),
            ("during render", .line("feature pages")),
            ("during the check, before the swap", .line("[6/6] check")),
        ]
        for (moment, point) in points {
            let run = try ToolProcess.run(rebuild, in: root, kill: point)
            #expect(run.killed, "\(moment): not killed (status \(run.status)): \(run.lines.suffix(3))")
            if let reused = run.reused {
                #expect(reused == complete, "\(moment): reused \(reused), but \(complete) layer(s) were complete")
            }
            let after = try DemoSite.files(in: site)
            let differences = changed(before, after)
            #expect(differences.isEmpty, "\(moment): \(differences.count) site files changed: \(differences.prefix(5))")
            try expectNoUnmarkedLeftovers(in: root, moment: moment)
            complete = try audit(database, wanting: wanted, after: moment)
            if case .line(" done (3/") = point {
                // The kill landed inside the match step: some layers rematched, some not yet.
                #expect((3..<6).contains(complete), "\(moment): \(complete) layers rematched")
            }
        }

        // Killed right after the check passed: the swap is one atomic exchange, so the folder holds either the
        // previous site or the complete new one, never a mix or nothing.
        let racing = try ToolProcess.run(rebuild, in: root, kill: .line("no problems"))
        let raced = try DemoSite.files(in: site)
        if raced != before {
            #expect(raced[SiteWriter.markerName] != nil)
            #expect(try SiteChecker(root: site).check().isClean, "a half-swapped site")
        }
        try expectNoUnmarkedLeftovers(in: root, moment: "around the swap (killed: \(racing.killed))")
        complete = try audit(database, wanting: wanted, after: "around the swap")

        // A normal rebuild finishes, reuses every complete layer and leaves nothing behind.
        let resumed = try ToolProcess.run(rebuild, in: root)
        #expect(resumed.status == 0, "resumed build failed: \(resumed.lines.suffix(5))")
        #expect(resumed.reused == complete && complete == 6, "reused \(String(describing: resumed.reused)) of 6")
        #expect(resumed.matched == 0)
        #expect(try SiteChecker(root: site).check().isClean)
        #expect(!changed(before, try DemoSite.files(in: site)).isEmpty)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: root).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "left beside the site: \(leftovers)")
        _ = try audit(database, wanting: wanted, after: "the resumed build")
    }

    @Test func killedMatchLeavesADatabaseThatResumes() throws {
        let (root, saes) = try family("match")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let database = root + "/flow.sqlite"
        let arguments = ["match", saes, "--db", database, "--top-k", "4"]
        let killed = try ToolProcess.run(arguments, in: root, kill: .line(" done (2/"))
        #expect(killed.killed, "not killed: \(killed.lines.suffix(3))")
        let complete = try audit(
            database, wanting: MatchOptions(topK: 4).resultParametersJSON, after: "match killed after two layers")
        #expect(complete >= 2)
        let resumed = try ToolProcess.run(arguments, in: root)
        #expect(resumed.status == 0, "\(resumed.lines.suffix(5))")
        #expect(
            try audit(database, wanting: MatchOptions(topK: 4).resultParametersJSON, after: "the resumed match") == 6)
        let tables = try FlowDatabase(path: database, readOnly: true).sqlite.rows(
            "SELECT timings FROM run ORDER BY id DESC LIMIT 1")
        let timings = try #require(tables.first?.first?.string)
        #expect(timings.contains("\"reused\":\(complete)"), "\(timings)")
    }

    // MARK: - Checks

    /// Paths whose bytes differ between two site snapshots.
    func changed(_ a: [String: Data], _ b: [String: Data]) -> [String] {
        Set(a.keys).union(b.keys).filter { a[$0] != b[$0] }.sorted()
    }

    /// Everything hidden beside the site must be a staging/backup folder carrying the marker (the next run
    /// removes those); an unmarked one would never be cleaned up.
    func expectNoUnmarkedLeftovers(in root: String, moment: String) throws {
        for entry in try FileManager.default.contentsOfDirectory(atPath: root) where entry.hasPrefix(".") {
            #expect(
                entry.hasPrefix(".site.staging-") || entry.hasPrefix(".site.backup-"),
                "\(moment): unexpected \(entry)")
            #expect(SiteWriter.hasMarker(root + "/" + entry), "\(moment): \(entry) has no marker")
        }
    }

    /// Opens the database read-only (which checks the schema version), runs `PRAGMA integrity_check`, and checks
    /// that every layer in `layer_state` has complete matches: for each matched position, k rows (ranks 1…k) for
    /// every feature, k being the layer's own `top_k`. Returns how many layers were matched with `wanting`.
    @discardableResult
    func audit(_ path: String, wanting: String, after moment: String) throws -> Int {
        let database = try FlowDatabase(path: path, readOnly: true)
        let sqlite = database.sqlite
        #expect(try sqlite.rows("PRAGMA integrity_check").map { $0.first?.string } == ["ok"], "\(moment)")
        #expect(
            try sqlite.rows("SELECT value FROM meta WHERE key = 'schema_version'").first?.first?.string
                == String(FlowSchema.version), "\(moment)")
        let widths = Dictionary(
            try database.saes().filter { $0.hookSite == .res }.map { ($0.layer, $0.dSAE) },
            uniquingKeysWith: { a, _ in a })
        let states = try database.layerStates()
        for state in states {
            let parameters = try JSONSerialization.jsonObject(with: Data(state.parameters.utf8)) as? [String: Any]
            let k = try #require(parameters?["top_k"] as? Int, "\(moment): layer \(state.layer) parameters")
            let width = try #require(widths[state.layer], "\(moment): layer \(state.layer) has no sae row")
            let inputs = try JSONSerialization.jsonObject(with: Data(state.inputs.utf8)) as? [String: String] ?? [:]
            let positions = inputs.filter { $0.key != "res" && $0.value != "skipped" }.count
            let rows = try sqlite.rows(
                """
                SELECT site, direction, count(*), count(DISTINCT feature), min(rank), max(rank)
                FROM match WHERE layer = ? GROUP BY site, direction
                """, state.layer)
            #expect(
                rows.count == positions, "\(moment): layer \(state.layer) has \(rows.count) of \(positions) positions")
            for row in rows {
                let what = "\(moment): layer \(state.layer) \(row[0].string ?? "?") \(row[1].string ?? "?")"
                #expect(row[2].int == width * k, "\(what): \(row[2].int ?? -1) rows, not \(width) × \(k)")
                #expect(row[3].int == width, "\(what): \(row[3].int ?? -1) features")
                #expect(row[4].int == 1 && row[5].int == k, "\(what): ranks")
            }
        }
        let stated = Set(states.map(\.layer))
        let matched = Set(try sqlite.rows("SELECT DISTINCT layer FROM match").compactMap { $0.first?.int })
        #expect(
            matched.isSubset(of: stated), "\(moment): matches without layer_state for \(matched.subtracting(stated))")
        let features = try sqlite.rows("SELECT count(*) FROM feature").first?.first?.int ?? -1
        #expect(
            features == 0 || features == widths.values.reduce(0, +), "\(moment): a partial analysis (\(features) rows)")
        return states.filter { $0.parameters == wanting }.count
    }
}
