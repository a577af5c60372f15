import FlowCore
import Foundation
import Testing

@testable import FlowEvidence

/// Per-feature density and maximum from a Neuronpedia feature export written here byte by byte (gzip with
/// stored deflate blocks), malformed rows refused naming the file and line, and a Neuronpedia import that
/// never hides a measured run's statistics.
@Suite struct NeuronpediaFeatureStatsTests {
    static func featureRow(_ source: String, _ index: Any, _ fields: [String: Any]) -> String {
        var object: [String: Any] = ["modelId": "m", "layer": source, "index": index, "creatorId": "x"]
        for (key, value) in fields { object[key] = value }
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    @Test func featureExportGivesDensityMaximumAndHistogram() throws {
        let (database, _) = try EvidencePassTests.makeDatabase()
        try database.sqlite.run("UPDATE sae SET neuronpedia_id = 'm/' || layer || '-res'")
        let folder = try EvidenceFixtures.folder("neuronpedia-features")
        try NeuronpediaContextsTests.write(
            [
                Self.featureRow(
                    "1-res", "2",
                    [
                        "frac_nonzero": 0.00125, "maxActApprox": 7.5, "freq_hist_data_bar_values": [1.0, 3.0, 5.0],
                        "freq_hist_data_bar_heights": [6, 3, 1],
                    ]),
                Self.featureRow("1-res", 3, ["frac_nonzero": 0.5, "maxActApprox": 2.0]),  // number index, no bars
                Self.featureRow("1-res", "1", ["maxActApprox": 2.0]),  // no density: no row
                Self.featureRow("1-res", "0", ["frac_nonzero": 0, "maxActApprox": 0]),  // never active: no row
                Self.featureRow("7-res", "0", ["frac_nonzero": 0.1]),  // no such SAE here
            ], to: folder + "/m/1-res/features/batch-0.jsonl.gz")
        let summary = try NeuronpediaContexts.run(database: database, folder: folder, top: 3)
        #expect(summary.featureStats == 2 && summary.contexts == 0 && summary.files == 1)
        #expect(summary.unknownSources == ["m/7-res"])
        let run = try #require(try database.latestEvidenceRun())
        #expect(run.source == "neuronpedia" && run.tokens == 1_000_000_000)
        let first = try #require(try database.featureActivity(run: run.id, layer: 1, hookSite: .res, feature: 2))
        // density 0.00125 of 10⁹ tokens; mean (6·1 + 3·3 + 1·5) / 10 = 2; edges halfway between the bar centres.
        #expect(first.active == 1_250_000 && Double(first.active) / Double(run.tokens) == 0.00125)
        #expect(first.max == 7.5 && abs(first.mean - 2.0) < 1e-12)
        #expect(first.histogram == ActivationHistogram(edges: [0, 2, 4, 6], counts: [6, 3, 1]))
        let second = try #require(try database.featureActivity(run: run.id, layer: 1, hookSite: .res, feature: 3))
        #expect(second.active == 500_000_000 && second.max == 2 && second.mean == 0)
        #expect(second.histogram == ActivationHistogram(edges: [0, 2], counts: [500_000_000]))
        #expect(try database.featureActivity(run: run.id, layer: 1, hookSite: .res, feature: 1) == nil)
        #expect(try database.featureActivity(run: run.id, layer: 1, hookSite: .res, feature: 0) == nil)
    }

    @Test func malformedFeatureRowsNameTheFileAndLine() throws {
        let (database, _) = try EvidencePassTests.makeDatabase()
        try database.sqlite.run("UPDATE sae SET neuronpedia_id = 'm/' || layer || '-res'")
        func message(_ lines: [String]) throws -> String {
            let folder = try EvidenceFixtures.folder("neuronpedia-features-bad")
            try NeuronpediaContextsTests.write(lines, to: folder + "/features/batch-4.jsonl.gz")
            do {
                _ = try NeuronpediaContexts.run(database: database, folder: folder)
                return ""
            } catch {
                return "\(error)"
            }
        }
        let good = Self.featureRow("1-res", "0", ["frac_nonzero": 0.1])
        let fraction = try message([good, Self.featureRow("1-res", "1", ["frac_nonzero": 1.5])])
        #expect(fraction.contains("features/batch-4.jsonl.gz") && fraction.contains("line 2: frac_nonzero 1.5"))
        let text = try message([Self.featureRow("1-res", "1", ["frac_nonzero": 0.1, "maxActApprox": "big"])])
        #expect(text.contains("line 1: maxActApprox is not a finite number"))
        let index = try message([good, good, Self.featureRow("1-res", "9", ["frac_nonzero": 0.1])])
        #expect(index.contains("line 3: index 9 is outside m/1-res (4 features)"))
        let bars = try message([
            Self.featureRow(
                "1-res", "1",
                ["frac_nonzero": 0.1, "freq_hist_data_bar_values": [1, 2], "freq_hist_data_bar_heights": [1]])
        ])
        #expect(bars.contains("line 1: freq_hist_data_bar_values and _heights"))
        let json = try message([good, "{\"modelId\":"])
        #expect(json.contains("batch-4.jsonl.gz") && json.contains("line 2: not a JSON object"))
    }

    @Test func aNeuronpediaImportDoesNotHideAMeasuredRun() throws {
        let (database, dump) = try EvidencePassTests.makeDatabase()
        let measured = try EvidencePass.run(database: database, request: EvidenceRequest(acts: dump, top: 3, batch: 2))
        try database.sqlite.run("UPDATE sae SET neuronpedia_id = 'm/' || layer || '-res'")
        let folder = try EvidenceFixtures.folder("neuronpedia-after-model")
        try NeuronpediaContextsTests.write(
            [NeuronpediaContextsTests.row("1-res", "3", ["a", "b"], [1, 4], focus: 1)],
            to: folder + "/activations/batch-0.jsonl.gz")
        try NeuronpediaContextsTests.write(
            [Self.featureRow("1-res", "0", ["frac_nonzero": 0.9, "maxActApprox": 99])],
            to: folder + "/features/batch-0.jsonl.gz")
        let imported = try NeuronpediaContexts.run(database: database, folder: folder)
        #expect(imported.run > measured.run)
        // The pages' run is the measured one (its statistics, groups, deactivation); the import stays readable.
        let shown = try #require(try database.latestEvidenceRun())
        #expect(shown.id == measured.run && shown.source == "acts")
        #expect(try database.latestEvidenceRun(source: "neuronpedia")?.id == imported.run)
        let stats = try database.featureActivity(run: shown.id, layer: 1, hookSite: .res, feature: 0)
        #expect(stats == nil || stats!.max != 99)
        let npContexts = try database.featureContexts(run: imported.run, layer: 1, hookSite: .res, feature: 3)
        #expect(npContexts.map(\.activation) == [4])
        // A later measured run is shown in turn.
        let again = try EvidencePass.run(
            database: database, request: EvidenceRequest(acts: dump, seed: 5, top: 3, batch: 2))
        #expect(try database.latestEvidenceRun()?.id == again.run)
    }
}
