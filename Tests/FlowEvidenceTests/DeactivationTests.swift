import FlowCore
import Foundation
import LinearAlgebra
import ModelRuntime
import Testing

@testable import FlowEvidence

/// Deactivation on a tiny random 2-block model, against expectations computed independently: through
/// M(1) the residual is linear in the removed feature (x' = x + (r − 1)·a·w, encoded here by hand), and
/// through R(0) the whole model is re-run with the edit at `blocks.0.hook_resid_post` (no view, no cache).
@Suite struct DeactivationTests {
    static let width = 6
    static let d = 8
    static let tokens = [3, 1, 4, 1, 5, 9, 2]

    struct Setup {
        let checkpoint: EvidenceFixtures.Checkpoint
        let model: Transformer
        let saes: [EvidenceSAE]
        let raw: [String: (encoder: [Float], bias: [Float], decoder: [Float])]
    }

    static func setup() throws -> Setup {
        let checkpoint = EvidenceFixtures.tinyModel()
        let model = try Transformer(checkpoint: checkpoint)
        let parent = try EvidenceFixtures.folder("deactivation")
        var saes: [EvidenceSAE] = []
        var raw: [String: (encoder: [Float], bias: [Float], decoder: [Float])] = [:]
        for (n, (hookSite, layer, hook)) in [
            (HookSite.res, 0, "blocks.0.hook_resid_post"), (.res, 1, "blocks.1.hook_resid_post"),
            (.mlp, 1, "blocks.1.hook_mlp_out"), (.att, 1, "blocks.1.hook_attn_out"),
        ].enumerated() {
            let encoder = EvidenceFixtures.random(d * width, seed: 100 + UInt64(n), scale: 0.8)
            let bias = [Float](repeating: 0.05, count: width)
            let decoder = EvidenceFixtures.random(width * d, seed: 200 + UInt64(n), scale: 0.6)
            let folder = try EvidenceFixtures.writeSAE(
                in: parent, name: hook, hook: hook, encoder: encoder, bias: bias, decoder: decoder,
                decoderBias: [Float](repeating: 0, count: d))
            saes.append(try EvidenceFixtures.load(folder, layer: layer, hookSite: hookSite))
            raw[hook] = (encoder, bias, decoder)
        }
        return Setup(
            checkpoint: checkpoint, model: model,
            saes: saes.sorted { ($0.layer, $0.hookSite) < ($1.layer, $1.hookSite) },
            raw: raw)
    }

    /// relu(x · W_enc + b) in Double.
    static func encode(_ x: [Double], _ sae: (encoder: [Float], bias: [Float], decoder: [Float])) -> [Double] {
        (0..<width).map { f in
            var sum = Double(sae.bias[f])
            for j in 0..<d { sum += x[j] * Double(sae.encoder[j * width + f]) }
            return max(0, sum)
        }
    }

    /// Rank-1 match of every R(1) feature i to feature i at `site` only.
    static func matches(_ hookSite: HookSite) -> [Int: [MatchRow]] {
        [
            1: (0..<width).map {
                MatchRow(
                    layer: 1, feature: $0, hookSite: hookSite, direction: .backward, rank: 1, candidate: $0, cosine: 0.9
                )
            }
        ]
    }

    static func request(_ r: [Double]) -> EvidenceRequest {
        EvidenceRequest(
            seed: 3, deactivationTexts: 1, deactivationTokens: tokens.count - 1, deactivationLayers: 1,
            deactivationTargets: 25, rValues: r)
    }

    @Test func removingAnMLPPredecessorIsExactlyLinear() throws {
        let setup = try Self.setup()
        let computation = EvidenceComputation(saes: setup.saes, matches: Self.matches(.mlp), top: 0, seed: 1)
        let deactivator = Deactivator(model: setup.model, checkpoint: setup.checkpoint, computation: computation)
        let rValues: [Double] = [-2, 0, 1, 3]
        let corpus = TokenCorpus(sequences: [Self.tokens], context: Self.tokens.count)
        let (rows, events) = try deactivator.run(corpus: corpus, skipToken: nil, request: Self.request(rValues))

        let output = try setup.model.forward(
            [Self.tokens], hooks: ForwardHooks(capture: [.residPost(1), .mlpOut(1)]), logits: .none)
        let target = setup.raw["blocks.1.hook_resid_post"]!
        let mlp = setup.raw["blocks.1.hook_mlp_out"]!
        var expected: [Double: (samples: Int, successes: Int, change: Double)] = [:]
        var count = 0
        for t in 1..<Self.tokens.count {
            let x = (0..<Self.d).map { Double(output.activations[.residPost(1)]![t * Self.d + $0]) }
            let m = (0..<Self.d).map { Double(output.activations[.mlpOut(1)]![t * Self.d + $0]) }
            let z = Self.encode(x, target)
            let a = Self.encode(m, mlp)
            for i in 0..<Self.width where z[i] > 0 && a[i] > 0 {
                count += 1
                for r in rValues {
                    let edited = (0..<Self.d).map { x[$0] + (r - 1) * a[i] * Double(mlp.decoder[i * Self.d + $0]) }
                    let new = Self.encode(edited, target)[i]
                    var total = expected[r] ?? (0, 0, 0)
                    total.samples += 1
                    if new <= 0 { total.successes += 1 }
                    total.change += 1 - new / z[i]
                    expected[r] = total
                }
            }
        }
        #expect(count > 5, "the fixture must have events")
        #expect(events == count)
        #expect(rows.count == 3 * rValues.count)
        for row in rows {
            let want = expected[row.r]!
            #expect(row.layer == 1)
            #expect(row.samples == want.samples, "\(row.mode) r=\(row.r)")
            #expect(row.successes == want.successes, "\(row.mode) r=\(row.r)")
            #expect(abs(row.meanChange - want.change / Double(want.samples)) < 1e-4, "\(row.mode) r=\(row.r)")
        }
        let identity = rows.first { $0.r == 1 }!
        #expect(abs(identity.meanChange) < 1e-5 && identity.successes == 0)
    }

    @Test func removingAResidualPredecessorMatchesAFullRerun() throws {
        let setup = try Self.setup()
        let computation = EvidenceComputation(saes: setup.saes, matches: Self.matches(.res), top: 0, seed: 1)
        let deactivator = Deactivator(model: setup.model, checkpoint: setup.checkpoint, computation: computation)
        let rValues: [Double] = [0, 1, 2]
        let corpus = TokenCorpus(sequences: [Self.tokens], context: Self.tokens.count)
        let (rows, _) = try deactivator.run(corpus: corpus, skipToken: nil, request: Self.request(rValues))

        let output = try setup.model.forward(
            [Self.tokens], hooks: ForwardHooks(capture: [.residPost(0), .residPost(1)]), logits: .none)
        let target = setup.raw["blocks.1.hook_resid_post"]!
        let res = setup.raw["blocks.0.hook_resid_post"]!
        var expected: [Double: (samples: Int, successes: Int, change: Double)] = [:]
        for t in 1..<Self.tokens.count {
            let x = (0..<Self.d).map { Double(output.activations[.residPost(1)]![t * Self.d + $0]) }
            let h = (0..<Self.d).map { Double(output.activations[.residPost(0)]![t * Self.d + $0]) }
            let z = Self.encode(x, target)
            let a = Self.encode(h, res)
            for i in 0..<Self.width where z[i] > 0 && a[i] > 0 {
                for r in rValues {
                    let edit = HookIntervention.edit { _, position, activation in
                        guard position == t else { return }
                        for j in 0..<Self.d { activation[j] += Float((r - 1) * a[i]) * res.decoder[i * Self.d + j] }
                    }
                    let rerun = try setup.model.forward(
                        [Self.tokens],
                        hooks: ForwardHooks(capture: [.residPost(1)], interventions: [.residPost(0): [edit]]),
                        logits: .none)
                    let edited = (0..<Self.d).map { Double(rerun.activations[.residPost(1)]![t * Self.d + $0]) }
                    let new = Self.encode(edited, target)[i]
                    var total = expected[r] ?? (0, 0, 0)
                    total.samples += 1
                    if new <= 0 { total.successes += 1 }
                    total.change += 1 - new / z[i]
                    expected[r] = total
                }
            }
        }
        #expect((expected[0]?.samples ?? 0) > 5, "the fixture must have events")
        for row in rows {
            let want = expected[row.r]!
            #expect(row.samples == want.samples, "\(row.mode) r=\(row.r)")
            #expect(row.successes == want.successes, "\(row.mode) r=\(row.r)")
            #expect(abs(row.meanChange - want.change / Double(want.samples)) < 1e-4, "\(row.mode) r=\(row.r)")
        }
    }

    @Test func layerViewRenamesBlocksAndKeepsParity() {
        let checkpoint = EvidenceFixtures.tinyModel()
        let even = LayerView.of(block: 0, in: checkpoint)
        let odd = LayerView.of(block: 1, in: checkpoint)
        #expect(even.first == 0 && even.count == 1 && even.index == 0)
        #expect(odd.first == 0 && odd.count == 2 && odd.index == 1)
        #expect(
            LayerView(base: checkpoint, first: 1, count: 1).map("model.layers.0.mlp.up_proj.weight")
                == "model.layers.1.mlp.up_proj.weight")
        #expect(even.map("model.norm.weight") == "model.norm.weight")
        #expect(odd.config.layerCount == 2)
    }
}
