import FlowCore
import FlowEvidence
import Foundation
import TestSupport
import Testing

@testable import FlowPipeline

/// A build with an evidence step on a tiny random model and the synthetic family's SAEs (d_model 8): the
/// step list carries `evidence` between `labels` and `render`, the run is stored complete over the
/// requested tokens, and a second build with the same inputs reuses it.
@Suite struct PipelineEvidenceTests {
    @Test func buildRunsEvidenceAsAStepAndReusesIt() throws {
        let fixture = try PipelineFixture(layers: TinyModelFolder.layers, dModel: TinyModelFolder.dModel, width: 16)
        defer { fixture.remove() }
        let model = fixture.root + "/model"
        try TinyModelFolder.write(to: model)
        let text = fixture.root + "/text.txt"
        let words = ["flow", "feature", "layer", "residual", "attention", "sparse", "model", "token", "quiz"]
        try (0..<60).map { words[($0 * 7 + $0 / 9) % words.count] }.joined(separator: " ")
            .write(toFile: text, atomically: true, encoding: .utf8)
        var request = fixture.buildRequest()
        request.evidence = EvidenceRequest(
            model: model, texts: [text], tokens: 64, context: 16, seed: 3, top: 3, batch: 2, weightCacheMiB: 1,
            deactivationTexts: 2, deactivationTokens: 2, deactivationLayers: 1, deactivationTargets: 3)

        let first = CapturedLines()
        let report = try Pipeline.run(request, printer: first.printer)
        let steps = first.lines.filter { $0.hasPrefix("[") }
        #expect(
            steps == [
                "[1/7] load SAEs", "[2/7] match", "[3/7] analyse", "[4/7] labels", "[5/7] evidence", "[6/7] render",
                "[7/7] check",
            ])
        #expect(report.timings.map(\.name).contains("evidence"))

        let database = try FlowDatabase(path: fixture.database, mustExist: true)
        let run = try #require(try database.latestEvidenceRun())
        // 60 words of ≥ 4 letters and a space each are far more than 64 tokens: exactly 4 whole sequences of 16,
        // whose position 0 (the attention sink) is not counted (docs/evidence.md): 4 × 15 tokens.
        #expect(run.source == "model" && run.sequences == 4 && run.tokens == 60 && run.context == 16 && run.seed == 3)
        let quality = try database.saeEvidence(run: run.id)
        #expect(quality.count == (try database.saes()).count && quality.allSatisfy { $0.tokens == 60 })
        #expect(first.lines.contains { $0.hasPrefix("  evidence run \(run.id): 60 tokens in 4 sequences") })

        let second = CapturedLines()
        _ = try Pipeline.run(request, printer: second.printer)
        #expect(second.lines.contains("[5/7] evidence"))
        #expect(second.lines.contains { $0.hasPrefix("  evidence run \(run.id) reused") })
        #expect(try database.latestEvidenceRun()?.id == run.id)

        // Other settings (the seed is part of the key): a new run, which the pages now show.
        request.evidence?.seed = 4
        let third = CapturedLines()
        _ = try Pipeline.run(request, printer: third.printer)
        let newer = try #require(try database.latestEvidenceRun())
        #expect(newer.id != run.id && newer.seed == 4)
        #expect(third.lines.contains { $0.hasPrefix("  evidence run \(newer.id): 60 tokens") })
    }

    @Test func noEvidenceRequestNoEvidenceStep() throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        #expect(!fixture.buildRequest().stages.flatMap(\.stepNames).contains("evidence"))
    }
}
