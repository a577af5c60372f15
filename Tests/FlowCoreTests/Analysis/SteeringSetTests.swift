import CanonicalOutput
import Foundation
import Testing

@testable import FlowCore

/// Theme sets: the union of several seeds' plans, initial-only plans, the sweep, and the steering tables.
@Suite struct SteeringSetTests {
    typealias W = FixtureWriter
    func id(_ text: String) -> FeatureID { AnalysisFixtures.id(text) }

    func planner() -> SteeringPlanner {
        SteeringPlanner(
            graphs: FlowAnalysis(table: AnalysisFixtures.table).graphs,
            thresholds: [0: [.res: [2, 3, 4], .mlp: [0, 0, 0, 0, 0.5]], 1: [.res: [1.5, 2.5, 3.5]]], hooks: [:],
            decoderNorms: SteeringDefectTests.norms())
    }

    func key(_ e: SteeringEntry) -> String { "\(e.layer)/\(e.hookSite.rawValue)/\(e.feature)" }

    @Test func aSetPlanIsTheUnionOfItsSeedsPlansWithoutDuplicates() throws {
        let planner = planner()
        let request = SteeringRequest(seed: id("1/res/1"), strategy: .cumulative, strength: 2, layer: 1)
        let one = try planner.plan(request)
        var other = request
        other.seed = id("1/res/0")
        let two = try? planner.plan(other)
        let set = try planner.plan(seeds: [id("1/res/1"), id("1/res/0")], request, theme: "t")
        let expected = Set(one.entries.map(key)).union(two?.entries.map(key) ?? [])
        #expect(Set(set.entries.map(key)) == expected)
        #expect(set.entries.count == expected.count)
        #expect(set.seeds == [id("1/res/1"), id("1/res/0")] && set.theme == "t")
        // One seed without a theme is exactly the one-seed plan (no `seeds` key).
        #expect(try planner.plan(seeds: [id("1/res/1")], request) == one)
        #expect(!CanonicalJSON.string(one).contains("\"seeds\""))
    }

    @Test func initialOnlySteersTheSeedsAloneAtTheirLayers() throws {
        let request = SteeringRequest(
            seed: id("1/res/1"), strategy: .initialOnly, schedule: .exponential(alpha: -0.05), strength: 8)
        let plan = try planner().plan(seeds: [id("1/res/1"), id("0/res/2")], request)
        #expect(plan.entries.map(key) == ["1/res/1", "0/res/2"])
        #expect(plan.layers == [0, 1])
        // s′ = 8·e^{−0.05·l}, folded by θ (2.5 for 1/res/1, 4 for 0/res/2).
        #expect(abs(plan.entries[0].scale - 8 * Float(exp(-0.05)) * 2.5) < 1e-4)
        #expect(abs(plan.entries[1].scale - 8 * 4) < 1e-4)
        #expect(SteeringRequest.paperSetting(.initialOnly) == SteeringRequest.paperSetting(.singleLayer))
    }

    @Test func theSweepCoversEveryStrategyAndHoldsOutUnsteeredGraphFeatures() throws {
        let planner = planner()
        let seeds = [id("1/res/1")]
        let sweep = SteeringSweep(strengths: [0, -2])
        let plans = sweep.plans(planner: planner, seeds: seeds, theme: "t", direction: .suppress)
        #expect(Set(plans.map(\.request.strategy)) == Set(SteeringRequest.Strategy.allCases))
        #expect(plans.allSatisfy { $0.request.operation == .rescale && $0.request.schedule == .constant })
        let heldOut = SteeringSweep.heldOut(planner: planner, seeds: seeds, plans: plans)
        let steered = Set(plans.flatMap { $0.entries.map(key) })
        #expect(heldOut.allSatisfy { $0.hookSite == .res && !steered.contains($0.description) })
        #expect(Set(heldOut).isSubset(of: Set(planner.themeFeatures(seeds: seeds))))
        let promoted = sweep.plans(planner: planner, seeds: seeds, theme: "t", direction: .promote)
        #expect(promoted.allSatisfy { $0.request.operation == .add })
    }

    @Test func runsRoundTripAndDatabasesWithoutTheTablesReadEmpty() throws {
        let folder = W.temporaryFolder("steering-store")
        let db = try FlowDatabase(path: folder + "/flow.sqlite")
        let theme = SteeringTheme(name: "t", seeds: [.token(" x", layer: 1)], keywords: ["x"], direction: .suppress)
        let plan = try planner().plan(SteeringRequest(seed: id("1/res/1"), strength: 2))
        try db.recordSteeringTheme(
            SteeringThemeRecord(theme: theme, seeds: [id("1/res/1")], heldOut: [id("2/res/0")], configKey: "c"),
            plans: [plan])
        let text = SteeringTextRecord(
            promptIndex: 0, sample: 1, prompt: "p", text: "q", nll: 2.5, distinct: 0.75, coherence: 0.5,
            presence: 1)
        let run = SteeringRunRecord(
            runKey: SteeringRunRecord.key(config: "c", plan: "k"), configKey: "c", theme: "t", planKey: "k",
            coherence: 0.5, presence: 1, presenceFeatures: nil, presenceKeywords: 1, score: 0, tokens: 3, seconds: 2,
            texts: [text])
        try db.recordSteeringRun(run)
        #expect(try db.steeringRun(key: run.runKey) == run)
        #expect(try db.steeringRuns(theme: "t", configKey: "c") == [run])
        #expect(try db.steeringThemes().map(\.theme) == [theme])
        #expect(try db.steeringPlans(theme: "t").map(\.plan) == [plan])
        // A database from before the steering tables, read-only: no tables, empty answers.
        let old = folder + "/old.sqlite"
        try FileManager.default.copyItem(atPath: folder + "/flow.sqlite", toPath: old)
        let sqlite = try FlowDatabase(path: old).sqlite
        try sqlite.execute(
            "DROP TABLE steering_text; DROP TABLE steering_run; DROP TABLE steering_plan; DROP TABLE steering_theme;")
        let readOnly = try FlowDatabase(path: old, readOnly: true)
        #expect(try !readOnly.hasSteeringTables())
        #expect(try readOnly.steeringThemes().isEmpty && readOnly.steeringPlans(theme: "t").isEmpty)
        #expect(try readOnly.steeringRun(key: run.runKey) == nil)
    }

    @Test func combinedScoresFollowThePaper() {
        #expect(SteeringScore.combined(presence: 0.25, coherence: 0.8, direction: .promote) == 0.2)
        #expect(abs(SteeringScore.combined(presence: 0.25, coherence: 0.8, direction: .suppress) - 0.6) < 1e-12)
    }
}
