import FlowCore
import FlowReport
import Foundation
import Testing

@testable import FeatureFlowCLI

/// Issue 16's command-line defects: t(R) and the leaf threshold are settable, and the defaults are
/// the paper's settings.
@Suite struct SteerPlanOptionsTests {
    @Test func steeringThresholdsAreOptions() throws {
        let options = try AnalysisOptions.parse(["--steering-link", "0.7", "--steering-leaf", "0.3"])
        #expect(options.graphParameters.strongLink == 0.7)
        #expect(options.graphParameters.steeringLeafThreshold == 0.3)
        let defaults = try AnalysisOptions.parse([])
        #expect(defaults.graphParameters.strongLink == 0.5 && defaults.graphParameters.steeringLeafThreshold == 0.15)
        #expect(throws: (any Error).self) { try AnalysisOptions.parse(["--steering-link", "2"]) }
    }

    @Test func steerPlanDefaultsToThePapersSingleLayerSetting() throws {
        let command = try SteerPlanCommand.parse(["db.sqlite", "3/res/1"])
        #expect(command.strategy == .singleLayer && command.schedule == .exponential)
        #expect(command.strength == nil && command.alpha == nil && command.layerOrigin == .absolute)
        let origin = try SteerPlanCommand.parse(["db.sqlite", "3/res/1", "--layer-origin", "span-start"])
        #expect(origin.layerOrigin == .spanStart)
        #expect(throws: (any Error).self) {
            try SteerPlanCommand.parse(["db.sqlite", "3/res/1", "--operation", "rescale"])
        }
    }

    @Test func pagesUseThePapersSettingAndBothAreSelectable() throws {
        let seed = FeatureID(layer: 0, hookSite: .res, index: 0)
        #expect(SiteOptions().steering == SteeringRequest.paper(seed: seed, strategy: .singleLayer))
        #expect(SiteOptions().steering.schedule == .exponential(alpha: -0.05) && SiteOptions().steering.strength == 8)
        let cumulative = try SiteArguments.parse([
            "--steering-strategy", "cumulative", "--steering-layer-origin", "span-start",
        ])
        var expected = SteeringRequest.paper(seed: seed, strategy: .cumulative)
        expected.layerOrigin = .spanStart
        #expect(cumulative.options.steering == expected)
    }

    @Test func planCommandUsesTheCumulativeSettingWhenAsked() throws {
        let demo = try DemoSite.shared.get()
        let output = demo.root + "/plan-\(UUID().uuidString).json"
        var command = try FeatureFlowCommand.parseAsRoot([
            "steer-plan", demo.root + "/flow.sqlite", "3/res/1", "--strategy", "cumulative", "-o", output,
        ])
        try command.run()
        let plan = try String(contentsOfFile: output, encoding: .utf8)
        #expect(plan.contains("\"alpha\" : -0.25") && plan.contains("\"strength\" : 3"))
        #expect(plan.contains("\"layerOrigin\" : \"absolute\""))
    }
}
