import Foundation
import SQLiteSupport
import Testing

@testable import FlowCore

/// The evidence tables round-trip, and only complete runs are shown (issue #15, storage).
@Suite struct EvidenceStoreTests {
    static func database() throws -> FlowDatabase {
        try FlowDatabase(path: NSTemporaryDirectory() + "featureflow-evidence-\(UUID().uuidString).sqlite")
    }

    static func run(key: String) -> EvidenceRun {
        EvidenceRun(
            key: key, source: "model", model: "tiny", texts: ["a.txt", "<b>.jsonl"], sequences: 0, tokens: 0,
            context: 8, seed: 3, parameters: "{\"top\":20}")
    }

    @Test func rowsRoundTrip() throws {
        let database = try Self.database()
        let id = try database.beginEvidenceRun(Self.run(key: "k"))
        let quality = SAEEvidence(
            layer: 2, hookSite: .mlp, tokens: 40, fve: 0.8, l0: 12.5, deadFraction: 0.1, denseFraction: 0)
        let activity = FeatureActivity(
            layer: 2, hookSite: .res, feature: 7, active: 3, mean: 1.5, max: 2.25,
            histogram: ActivationHistogram(edges: [0, 1, 2, 3], counts: [1, 1, 1]))
        let context = FeatureContext(
            layer: 2, hookSite: .res, feature: 7, rank: 1, activation: 2.25, sequence: 4, position: 9,
            tokens: ["<script>", " \"q\"", "\u{202E}x", "a\\b\n\t\u{0}\u{1F}", "é😀"], focus: 1)
        let groups = [
            GroupCount(layer: 2, predecessors: 5, group: .all, events: 2),
            GroupCount(layer: 2, predecessors: 1, group: .res, events: 3),
            GroupCount(layer: 2, predecessors: 1, group: .fromNowhere, events: 1),
        ]
        let coactivation = Coactivation(
            layer: 2, feature: 7, hookSite: .att, predecessor: 11, targetActive: 3, bothActive: 2, randomFeature: 5,
            randomBothActive: 0)
        let deactivation = Deactivation(layer: 2, mode: "top1", r: 0, samples: 4, successes: 3, meanChange: 0.9)
        try database.write([quality], run: id)
        try database.write([activity], run: id)
        try database.write([context], run: id)
        try database.write(groups, run: id)
        try database.write([coactivation], run: id)
        try database.write([deactivation], run: id)
        #expect(try database.latestEvidenceRun() == nil)
        try database.completeEvidenceRun(id: id, sequences: 5, tokens: 40)

        let stored = try #require(try database.latestEvidenceRun())
        #expect(
            stored.id == id && stored.tokens == 40 && stored.sequences == 5 && stored.texts == ["a.txt", "<b>.jsonl"])
        #expect(try database.saeEvidence(run: id) == [quality])
        #expect(try database.featureActivity(run: id, layer: 2, hookSite: .res, feature: 7) == activity)
        #expect(try database.featureActivity(run: id, layer: 2, hookSite: .res, feature: 8) == nil)
        #expect(try database.featureContexts(run: id, layer: 2, hookSite: .res, feature: 7) == [context])
        #expect(try database.groupCounts(run: id).map(\.group) == [.fromNowhere, .res, .all])
        #expect(try database.coactivations(run: id, layer: 2, feature: 7) == [coactivation])
        #expect(coactivation.rate == 2.0 / 3.0 && coactivation.randomRate == 0)
        #expect(try database.deactivations(run: id) == [deactivation])
    }

    @Test func anInterruptedRunLeavesTheFinishedEvidenceInView() throws {
        let database = try Self.database()
        let first = try database.beginEvidenceRun(Self.run(key: "k"))
        try database.completeEvidenceRun(id: first, sequences: 1, tokens: 8)
        let second = try database.beginEvidenceRun(Self.run(key: "k2"))
        try database.write(
            [Deactivation(layer: 0, mode: "top1", r: 0, samples: 1, successes: 1, meanChange: 1)], run: second)
        #expect(try database.latestEvidenceRun()?.id == first)
        #expect(try database.evidenceRun(key: "k")?.id == first)
        #expect(try database.evidenceRun(key: "k2") == nil)

        // A third begin drops the unfinished second run's rows; completing a rerun of "k" supersedes the first.
        let third = try database.beginEvidenceRun(Self.run(key: "k"))
        #expect(try database.deactivations(run: second).isEmpty)
        try database.completeEvidenceRun(id: third, sequences: 2, tokens: 16)
        #expect(try database.latestEvidenceRun()?.id == third)
        #expect(try database.sqlite.rows("SELECT id FROM evidence_run").count == 1)
    }

    @Test func groupsFollowThePapersSpelling() {
        #expect(ActivationGroup(res: false, mlp: false, att: false).rawValue == "From nowhere")
        #expect(ActivationGroup(res: true, mlp: false, att: true).rawValue == "From RES & ATT")
        #expect(ActivationGroup(res: false, mlp: true, att: true).rawValue == "From MLP & ATT")
        #expect(ActivationGroup(res: true, mlp: true, att: true).rawValue == "From RES & MLP & ATT")
    }

    @Test func aDatabaseWithoutEvidenceTablesReadsAsEmpty() throws {
        let path = NSTemporaryDirectory() + "featureflow-noevidence-\(UUID().uuidString).sqlite"
        _ = try FlowDatabase(path: path)
        let raw = try SQLiteDatabase(path: path)
        try raw.execute("DROP TABLE evidence_run")
        let database = try FlowDatabase(path: path, readOnly: true)
        #expect(try database.latestEvidenceRun() == nil)
    }

    @Test func manyFeaturesOfOneSAEReadInOneCall() throws {
        let database = try Self.database()
        let id = try database.beginEvidenceRun(Self.run(key: "k"))
        func window(_ site: HookSite, _ feature: Int, rank: Int, _ tokens: [Int32]) -> ContextWindow {
            ContextWindow(
                layer: 1, hookSite: site, feature: feature, rank: rank, activation: Double(10 - rank), sequence: rank,
                position: feature, tokens: tokens, focus: 0)
        }
        // Rows written out of order, a second SAE with the same feature index, an id missing from the vocabulary.
        try database.write(
            [
                window(.res, 5, rank: 1, [11]), window(.res, 3, rank: 2, [12, 10]), window(.mlp, 3, rank: 1, [10]),
                window(.res, 3, rank: 1, [10, 11]),
            ], run: id)
        try database.writeVocabulary([10: "a", 11: "<b>"], run: id)
        let histogram = ActivationHistogram(edges: [0, 1], counts: [2])
        try database.write(
            [3, 5, 6].map {
                FeatureActivity(
                    layer: 1, hookSite: .res, feature: $0, active: $0, mean: 1, max: 2, histogram: histogram)
            }, run: id)
        try database.completeEvidenceRun(id: id, sequences: 1, tokens: 8)

        let contexts = try database.featureContexts(run: id, layer: 1, hookSite: .res, features: [5, 3, 9, 3])
        func decoded(_ feature: Int, rank: Int, _ tokens: [String]) -> FeatureContext {
            FeatureContext(
                layer: 1, hookSite: .res, feature: feature, rank: rank, activation: Double(10 - rank), sequence: rank,
                position: feature, tokens: tokens, focus: 0)
        }
        #expect(
            contexts == [
                3: [decoded(3, rank: 1, ["a", "<b>"]), decoded(3, rank: 2, ["#12", "a"])],
                5: [decoded(5, rank: 1, ["<b>"])],
            ])
        #expect(try database.featureContexts(run: id, layer: 1, hookSite: .res, features: []).isEmpty)
        let activities = try database.featureActivities(run: id, layer: 1, hookSite: .res, features: [3, 4, 6])
        #expect(
            activities.keys.sorted() == [3, 6] && activities[6]?.active == 6 && activities[3]?.histogram == histogram)
    }
}
