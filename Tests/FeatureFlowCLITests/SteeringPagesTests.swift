import FlowCore
import FlowReport
import Foundation
import Testing

@testable import FeatureFlowCLI

/// Theme sets planned from the command line and the steering pages rendered from the flow database alone
/// (no model), with hostile prompt and generated text escaped.
@Suite struct SteeringPagesTests {
    func run(_ arguments: [String]) throws {
        var command = try FeatureFlowCommand.parseAsRoot(arguments)
        try command.run()
    }

    @Test func themesArePlannedRecordedAndRenderedWithHostileTextEscaped() throws {
        let demo = try DemoSite.make(name: "steering")
        defer { try? FileManager.default.removeItem(atPath: demo.root) }
        let database = demo.root + "/flow.sqlite"
        let themes = demo.root + "/themes.json"
        let hostile = "</td><script>alert(1)</script><b onmouseover=x>"
        try Data(
            """
            [{"name": "first <set>", "seeds": ["3/res/1", "3/res/2"], "keywords": ["\(hostile.replacingOccurrences(of: "\"", with: "\\\""))"]},
             {"name": "alone", "seeds": [{"feature": "3/res/1"}], "direction": "suppress", "prompt": "\(hostile)"}]
            """.utf8
        ).write(to: URL(fileURLWithPath: themes))
        let output = demo.root + "/plans.json"
        try run(["steer-plan", database, "--themes", themes, "--record", "-o", output])
        let plans = try JSONDecoder().decode([SteeringPlan].self, from: Data(contentsOf: URL(fileURLWithPath: output)))
        #expect(plans.map(\.theme) == ["first <set>", "alone"])
        #expect(
            plans[0].seeds == [
                FeatureID(layer: 3, hookSite: .res, index: 1), FeatureID(layer: 3, hookSite: .res, index: 2),
            ])
        // A suppressed theme's stored sweep rescales; the promoted one adds.
        let store = try FlowDatabase(path: database, mustExist: true)
        let records = try store.steeringThemes()
        #expect(records.map(\.theme.name) == ["alone", "first <set>"])
        let suppressed = try store.steeringPlans(theme: "alone")
        #expect(!suppressed.isEmpty && suppressed.allSatisfy { $0.plan.request.operation == .rescale })
        #expect(suppressed.contains { $0.plan.request.strategy == .initialOnly })
        // A run with hostile texts, as `steer` would store it.
        let config = "config-1"
        var record = records[0]
        record.configKey = config
        try store.recordSteeringTheme(record, plans: suppressed.map(\.plan))
        for key in [SteeringRunRecord.baselineKey, suppressed[0].planKey] {
            try store.recordSteeringRun(
                SteeringRunRecord(
                    runKey: SteeringRunRecord.key(config: config, plan: key), configKey: config, theme: "alone",
                    planKey: key, coherence: 0.9, presence: 0.25, presenceFeatures: 0.25, presenceKeywords: nil,
                    score: 0.675, tokens: 4, seconds: 1,
                    texts: [
                        SteeringTextRecord(
                            promptIndex: 0, sample: 0, prompt: hostile, text: "steered " + hostile, nll: 2, distinct: 1,
                            coherence: 0.9, presence: 0.25)
                    ]))
        }
        let site = demo.root + "/steered-site"
        try run(["render", database, "--out", site])
        let page = try String(contentsOfFile: site + "/steering-alone.html", encoding: .utf8)
        #expect(!page.contains("<script>alert"))
        #expect(!page.contains("<b onmouseover"))
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(page.contains("<details>") && page.contains("<svg"))
        let first = try String(contentsOfFile: site + "/steering-first-set.html", encoding: .utf8)
        #expect(first.contains("No steering run is stored"))
        let list = try String(contentsOfFile: site + "/steering.html", encoding: .utf8)
        #expect(list.contains("steering-alone.html") && list.contains("first &lt;set&gt;"))
        try run(["check", site])
    }

    @Test func themeFilesAreCheckedAndTokenSeedsNeedTheModel() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("themes-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        func parse(_ text: String) throws -> [SteeringTheme] {
            try SteeringThemeFile.parse(Data(text.utf8), path: folder + "/t.json")
        }
        let themes = try parse(
            #"{"themes": [{"name": "Paris", "seeds": [{"token": " Paris", "layer": 12}, "4/res/9"]}]}"#)
        #expect(
            themes[0].seeds == [.token(" Paris", layer: 12), .feature(FeatureID(layer: 4, hookSite: .res, index: 9))])
        #expect(themes[0].direction == .promote)
        #expect(throws: SteeringThemeFile.Invalid.self) { try parse(#"[{"name": "x", "seeds": ["4/mlp/9"]}]"#) }
        #expect(throws: SteeringThemeFile.Invalid.self) { try parse(#"[{"name": "x", "seeds": []}]"#) }
        #expect(throws: SteeringThemeFile.Invalid.self) {
            try parse(#"[{"name": "x", "seeds": ["1/res/1"]}, {"name": "x", "seeds": ["1/res/2"]}]"#)
        }
        #expect(throws: SteeringThemeFile.Invalid.self) {
            try parse(#"[{"name": "x", "seeds": ["1/res/1"], "direction": "up"}]"#)
        }
        #expect(throws: SteeringThemeFile.Invalid.self) {
            try SteerPlanCommand.featureSeeds(themes[0], file: "t.json")
        }
    }
}

/// `featureflow steer`'s options.
@Suite struct SteerCommandOptionsTests {
    @Test func strengthsTakeNegativeValuesAndTheSourceIsRequired() throws {
        let base = ["m.gguf", "saes", "--themes", "t.json", "--db", "f.sqlite", "--prompts", "p.txt"]
        #expect(try SteerCommand.parse(base + ["--strengths=-2,-4"]).strengths == [-2, -4])
        #expect(try SteerCommand.parse(base + ["--strengths", "0,-2.5"]).strengths == [0, -2.5])
        #expect(try SteerCommand.parse(base).strengths.isEmpty)
        #expect(throws: (any Error).self) { try SteerCommand.parse(base + ["--strengths", "1,x"]) }
        #expect(throws: (any Error).self) { try SteerCommand.parse(["m", "s", "--prompts", "p.txt"]) }
        #expect(throws: (any Error).self) { try SteerCommand.parse(["m", "s", "--themes", "t", "--prompts", "p"]) }
    }
}
