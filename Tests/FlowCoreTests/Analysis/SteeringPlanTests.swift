import FlowExport
import Foundation
import Testing

@testable import FlowCore

@Suite struct SteeringPlanTests {
    let analysis = FlowAnalysis(table: AnalysisFixtures.table)
    func id(_ text: String) -> FeatureID { AnalysisFixtures.id(text) }

    func planner() -> SteeringPlanner {
        SteeringPlanner(
            graphs: analysis.graphs,
            thresholds: [0: [.res: [2, 3, 4], .mlp: [0, 0, 0, 0, 0.5]], 1: [.res: [1.5, 2.5, 3.5]]],
            hooks: [
                0: [.res: "blocks.0.hook_resid_post", .mlp: "blocks.0.hook_mlp_out"],
                1: [.res: "blocks.1.hook_resid_post", .mlp: "blocks.1.hook_mlp_out"],
            ])
    }

    @Test func cumulativeConstantAddFoldsThresholds() throws {
        let plan = try planner().plan(SteeringRequest(seed: id("1/res/1"), strategy: .cumulative, strength: 8))
        #expect(plan.layers == [0, 1])
        // Layer 0: spine 0/res/0 (θ 2) + mlp leaf 0/mlp/4 (0.9 ≥ 0.15, θ 0.5). Layer 1: 1/res/1 (θ 2.5) +
        // 1/mlp/5 (0.7, no θ → 1) + 1/att/1 (0.2 ≥ 0.15, no θ → 1).
        let triples = plan.entries.map { "\($0.layer)/\($0.hookSite.rawValue)/\($0.feature)=\($0.scale)" }
        #expect(triples == ["0/res/0=16.0", "0/mlp/4=4.0", "1/res/1=20.0", "1/mlp/5=8.0", "1/att/1=8.0"])
        #expect(plan.hooks["0/mlp"] == "blocks.0.hook_mlp_out")
        #expect(plan.entries[0].cosine == 0.6)  // 0/res/0 links to the seed with s(R) = 0.6
    }

    @Test func singleLayerSteersOneLayer() throws {
        let plan = try planner().plan(
            SteeringRequest(seed: id("1/res/1"), strategy: .singleLayer, strength: 2, layer: 0))
        #expect(Set(plan.entries.map(\.layer)) == [0])
    }

    @Test func schedules() {
        let span = 2...6
        var request = SteeringRequest(seed: id("1/res/1"), strength: 4)
        #expect(request.coefficient(at: 5, span: span) == 4)
        request.schedule = .exponential(alpha: -0.05)
        #expect(abs(request.coefficient(at: 4, span: span) - 4 * Float(exp(-0.2))) < 1e-6)
        request.schedule = .linear(end: 1)
        #expect(request.coefficient(at: 2, span: span) == 4)
        #expect(request.coefficient(at: 4, span: span) == 2.5)
        #expect(request.coefficient(at: 6, span: span) == 1)
        #expect(request.coefficient(at: 3, span: 3...3) == 4)
    }

    @Test func rescaleDoesNotFold() throws {
        let plan = try planner().plan(
            SteeringRequest(seed: id("1/res/1"), strategy: .singleLayer, operation: .rescale, strength: -2))
        #expect(plan.entries.allSatisfy { $0.scale == -2 })
    }

    @Test func refusesLayersOutsideTheSpanAndUnknownSeeds() {
        #expect(throws: SteeringPlanner.InvalidRequest.self) {
            try planner().plan(SteeringRequest(seed: id("1/res/1"), strength: 1, layer: 2))
        }
        #expect(throws: SteeringPlanner.InvalidRequest.self) {
            try planner().plan(SteeringRequest(seed: id("7/res/1"), strength: 1))
        }
    }

    @Test func pythonSnippetNamesThePlanFileSafely() throws {
        let plan = try planner().plan(SteeringRequest(seed: id("1/res/1"), strength: 8))
        let snippet = plan.pythonSnippet(planFile: "we\"ird\\plan.json")
        #expect(snippet.contains("open(\"we\\\"ird\\\\plan.json\")"))
        #expect(snippet.contains("run_with_hooks"))
    }
}
