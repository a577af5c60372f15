import FlowCore
import Foundation
import TestSupport
import Testing

@testable import FlowReport

/// Which evidence run the pages read when a Neuronpedia import is newer than a measured run: the measured run's
/// statistics and contexts, and the import's contexts only for features the measured run has none for.
@Suite struct SiteEvidenceRunChoiceTests {
    func id(_ text: String) -> FeatureID { ReportFixtures.id(text) }

    static func context(_ feature: Int, layer: Int, activation: Double) -> FeatureContext {
        FeatureContext(
            layer: layer, hookSite: .res, feature: feature, rank: 1, activation: activation, sequence: 0, position: 1,
            tokens: ["np", " token"], focus: 1)
    }

    @Test func aNeuronpediaImportFillsOnlyMissingContexts() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let database = try EvidencePagesTests.database(folder)
        let measured = try #require(try database.latestEvidenceRun())
        let imported = try database.beginEvidenceRun(
            EvidenceRun(
                key: "np", source: "neuronpedia", model: nil, texts: ["export"], sequences: 2, tokens: 1_000_000_000,
                context: 0, seed: 0, parameters: "{}"))
        try database.write(
            [
                FeatureActivity(
                    layer: 2, hookSite: .res, feature: 0, active: 5, mean: 0, max: 99,
                    histogram: ActivationHistogram(edges: [0, 99], counts: [5]))
            ], run: imported)
        try database.write(
            [Self.context(0, layer: 2, activation: 99), Self.context(1, layer: 1, activation: 7)], run: imported)
        try database.completeEvidenceRun(id: imported, sequences: 2, tokens: 1_000_000_000)

        let evidence = try #require(
            try SiteEvidence.load(database: database, features: [id("2/res/0"), id("1/res/1")]))
        #expect(evidence.run.id == measured.id && evidence.run.tokens == 1000)
        #expect(evidence.activity[id("2/res/0")]?.active == 31 && evidence.activity[id("2/res/0")]?.max == 4)
        #expect(evidence.contexts[id("2/res/0")]?.map(\.rank) == [1, 2, 3, 4, 5, 6])
        #expect(evidence.contexts[id("2/res/0")]?.contains { $0.activation == 99 } == false)
        #expect(evidence.contexts[id("1/res/1")]?.map(\.activation) == [7])
        #expect(evidence.deactivations.count == 4 && !evidence.groups.isEmpty)

        // Without a measured run the import is shown with its own statistics.
        let only = try FlowDatabase(path: folder.path + "/np.sqlite")
        let run = try only.beginEvidenceRun(
            EvidenceRun(
                key: "np", source: "neuronpedia", model: nil, texts: ["export"], sequences: 1, tokens: 1_000_000_000,
                context: 0, seed: 0, parameters: "{}"))
        try only.write(
            [
                FeatureActivity(
                    layer: 2, hookSite: .res, feature: 0, active: 5, mean: 0, max: 99,
                    histogram: ActivationHistogram(edges: [0, 99], counts: [5]))
            ], run: run)
        try only.write([Self.context(0, layer: 2, activation: 99)], run: run)
        try only.completeEvidenceRun(id: run, sequences: 1, tokens: 1_000_000_000)
        let alone = try #require(try SiteEvidence.load(database: only, features: [id("2/res/0")]))
        #expect(alone.run.source == "neuronpedia" && alone.activity[id("2/res/0")]?.max == 99)
        #expect(alone.contexts[id("2/res/0")]?.map(\.activation) == [99])
    }
}
