import Foundation
import Testing
import XMLSupport

@testable import FeatureFlowCLI

/// `graph` and `steer-plan` on the demo site's flow database.
@Suite struct GraphCommandTests {
    func run(_ arguments: [String]) throws -> String {
        let demo = try DemoSite.shared.get()
        let output = demo.root + "/out-\(UUID().uuidString)"
        var command = try FeatureFlowCommand.parseAsRoot(arguments + ["-o", output])
        try command.run()
        return try String(contentsOfFile: output, encoding: .utf8)
    }

    @Test func graphInEveryFormat() throws {
        let demo = try DemoSite.shared.get()
        let db = demo.root + "/flow.sqlite"
        let json = try run(["graph", db, "3/res/1", "--format", "json"])
        #expect(json.contains("\"seed\" : {"))
        let dot = try run(["graph", db, "3/res/1", "--format", "dot"])
        #expect(dot.hasPrefix("digraph \"flow 3/res/1\""))
        let svg = try run(["graph", db, "3/res/1", "--format", "svg", "--labels", demo.labels])
        let document = try MarkupDocument(parsingXML: svg)
        #expect(document.root?.name == "svg")
    }

    @Test func steeringPlanAndSnippet() throws {
        let demo = try DemoSite.shared.get()
        let plan = try run([
            "steer-plan", demo.root + "/flow.sqlite", "3/res/1", "--strength", "8", "--schedule", "linear",
            "--strategy", "single-layer",
        ])
        #expect(plan.contains("\"formatVersion\" : 1"))
        #expect(plan.contains("\"single-layer\""))
        #expect(throws: (any Error).self) {
            try run(["steer-plan", demo.root + "/flow.sqlite", "3/mlp/1", "--strength", "8"])
        }
    }
}
