import FlowCore
import Foundation
import Testing

@testable import FeatureFlowCLI

/// `featureflow export groups` and `export coactivation` on evidence rows written here.
@Suite struct ExportEvidenceTests {
    @Test func groupsAndCoactivationCSV() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("export-evidence-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/flow.sqlite"
        let database = try FlowDatabase(path: path)
        let id = try database.beginEvidenceRun(
            EvidenceRun(
                key: "k", source: "model", model: "m", texts: ["t"], sequences: 1, tokens: 10, context: 10, seed: 0,
                parameters: "{}"))
        try database.write(
            [
                GroupCount(layer: 2, predecessors: 1, group: .res, events: 3),
                GroupCount(layer: 2, predecessors: 1, group: .fromNowhere, events: 1),
                GroupCount(layer: 2, predecessors: 5, group: .all, events: 4),
            ], run: id)
        try database.write(
            [
                Coactivation(
                    layer: 2, feature: 7, hookSite: .mlp, predecessor: 3, targetActive: 10, bothActive: 6,
                    randomFeature: 9, randomBothActive: 1)
            ], run: id)
        try database.completeEvidenceRun(id: id, sequences: 1, tokens: 10)

        var groups = try FeatureFlowCommand.parseAsRoot(["export", "groups", "--db", path, "--out", folder + "/g.csv"])
        try groups.run()
        #expect(
            try String(contentsOfFile: folder + "/g.csv", encoding: .utf8) == """
                layer,predecessors,group,events,proportion
                2,1,From nowhere,1,0.250000
                2,1,From RES,3,0.750000
                2,5,From RES & MLP & ATT,4,1.000000

                """)
        var coactivation = try FeatureFlowCommand.parseAsRoot([
            "export", "coactivation", "--db", path, "--format", "csv", "--out", folder + "/c.csv",
        ])
        try coactivation.run()
        #expect(
            try String(contentsOfFile: folder + "/c.csv", encoding: .utf8) == """
                layer,feature,site,predecessor,target_active,both_active,random_feature,random_both_active
                2,7,mlp,3,10,6,9,1

                """)
    }
}
