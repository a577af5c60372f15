import FlowCore
import Foundation
import LinearAlgebra
import ModelRuntime
import SAEEncoding
import Testing

@testable import SteeringRuns

/// Plans applied by the runtime: `add` moves the hooked activation by exactly the planned vector, and
/// `rescale` with r = 0 removes exactly the feature's share a·W_dec[i].
@Suite struct SteeringHooksTests {
    func capture(_ fixture: SteeringFixture, _ hooks: ForwardHooks, _ point: TransformerHook) throws -> [Float] {
        var hooks = hooks
        hooks.capture.insert(point)
        return try fixture.model.forward([SteeringFixture.tokens], hooks: hooks, logits: .none).activations[point]!
    }

    @Test func addMovesTheHookByExactlyThePlannedVector() throws {
        let fixture = try SteeringFixture(name: "add")
        // Two features at layer 1 and one at layer 2: each hook moves by Σ scale · raw row.
        let plan = SteeringFixture.plan([(1, 3, 2.5), (1, 20, -1.25), (2, 7, 4)], operation: .add)
        let hooks = try SteeringHooks.make(plan: plan, saes: fixture.saes, width: fixture.model.width(of:))
        let clean = try capture(fixture, ForwardHooks(), .residPost(1))
        let steered = try capture(fixture, hooks, .residPost(1))
        let r3 = fixture.row(layer: 1, feature: 3)
        let r20 = fixture.row(layer: 1, feature: 20)
        // The rows are raw (norm 0.5 + i/8), not unit length.
        let norm20 = r20.reduce(0) { $0 + $1 * $1 }.squareRoot()
        #expect(abs(norm20 - 3) < 1e-4)
        for position in 0..<SteeringFixture.tokens.count {
            for k in 0..<16 {
                let expected = clean[position * 16 + k] + 2.5 * r3[k] - 1.25 * r20[k]
                #expect(abs(steered[position * 16 + k] - expected) <= 1e-5 * max(1, abs(expected)))
            }
        }
        // Layer 2 is moved by its own vector on top of what layer 1's change did downstream.
        var upstream = ForwardHooks()
        upstream.interventions = hooks.interventions.filter { $0.key != .residPost(2) }
        let onlyFirst = try capture(fixture, upstream, .residPost(2))
        let both = try capture(fixture, hooks, .residPost(2))
        let r7 = fixture.row(layer: 2, feature: 7)
        for index in 0..<both.count {
            let expected = onlyFirst[index] + 4 * r7[index % 16]
            #expect(abs(both[index] - expected) <= 1e-5 * max(1, abs(expected)))
        }
    }

    @Test func rescaleWithZeroRemovesExactlyTheFeatureShare() throws {
        let fixture = try SteeringFixture(name: "rescale")
        let clean = try capture(fixture, ForwardHooks(), .residPost(1))
        let encoder = try SAEEncoder(sae: fixture.saes.sae(layer: 1, hookSite: .res)!)
        let codes = try encoder.encode(Matrix(rows: SteeringFixture.tokens.count, columns: 16, values: clean))
        // The feature active at the most positions.
        var counts: [Int: Int] = [:]
        for t in 0..<codes.tokenCount { for (index, _) in codes.code(t) { counts[index, default: 0] += 1 } }
        let feature = counts.max { ($0.value, $1.key) < ($1.value, $0.key) }!.key
        let plan = SteeringFixture.plan([(1, feature, 0)], operation: .rescale)
        let hooks = try SteeringHooks.make(plan: plan, saes: fixture.saes, width: fixture.model.width(of:))
        let steered = try capture(fixture, hooks, .residPost(1))
        let row = fixture.row(layer: 1, feature: feature)
        var removed = 0
        for t in 0..<codes.tokenCount {
            let a = codes.code(t).first { $0.index == feature }?.value ?? 0
            if a > 0 { removed += 1 }
            for k in 0..<16 {
                let expected = clean[t * 16 + k] - a * row[k]
                #expect(abs(steered[t * 16 + k] - expected) <= 1e-5 * max(1, abs(expected)))
            }
        }
        #expect(removed >= 2)
        // r = 2 doubles the share: h + a·W_dec[i].
        let doubled = try capture(
            fixture,
            try SteeringHooks.make(
                plan: SteeringFixture.plan([(1, feature, 2)], operation: .rescale), saes: fixture.saes,
                width: fixture.model.width(of:)), .residPost(1))
        for t in 0..<codes.tokenCount {
            let a = codes.code(t).first { $0.index == feature }?.value ?? 0
            for k in 0..<16 {
                let expected = clean[t * 16 + k] + a * row[k]
                #expect(abs(doubled[t * 16 + k] - expected) <= 1e-5 * max(1, abs(expected)))
            }
        }
    }

    @Test func cumulativeRescaleReadsTheAlreadySteeredPass() throws {
        let fixture = try SteeringFixture(name: "cumulative")
        // Layer 1 is pushed hard along feature 5; layer 2's rescale encodes what arrives after that.
        let push = SteeringFixture.plan([(1, 5, 6)], operation: .add)
        var hooks = try SteeringHooks.make(plan: push, saes: fixture.saes, width: fixture.model.width(of:))
        let arriving = try capture(fixture, hooks, .residPost(2))
        let encoder = try SAEEncoder(sae: fixture.saes.sae(layer: 2, hookSite: .res)!)
        let codes = try encoder.encode(Matrix(rows: SteeringFixture.tokens.count, columns: 16, values: arriving))
        let feature = codes.code(0).first!.index
        let removal = try SteeringHooks.make(
            plan: SteeringFixture.plan([(2, feature, 0)], operation: .rescale), saes: fixture.saes,
            width: fixture.model.width(of:))
        for (point, list) in removal.interventions { for item in list { hooks.intervene(at: point, item) } }
        let steered = try capture(fixture, hooks, .residPost(2))
        let row = fixture.row(layer: 2, feature: feature)
        for t in 0..<codes.tokenCount {
            let a = codes.code(t).first { $0.index == feature }?.value ?? 0
            for k in 0..<16 {
                let expected = arriving[t * 16 + k] - a * row[k]
                #expect(abs(steered[t * 16 + k] - expected) <= 1e-5 * max(1, abs(expected)))
            }
        }
    }

    @Test func steeredSamplingIsSeeded() throws {
        let fixture = try SteeringFixture(name: "seeded")
        let hooks = try SteeringHooks.make(
            plan: SteeringFixture.plan([(1, 2, 40)], operation: .add), saes: fixture.saes,
            width: fixture.model.width(of:))
        let options = SamplingOptions(temperature: 8, topP: 1, seed: 4, maxNewTokens: 10)
        let a = try fixture.model.generate(prompt: [1, 2, 3], options: options, hooks: hooks)
        let b = try fixture.model.generate(prompt: [1, 2, 3], options: options, hooks: hooks)
        let plain = try fixture.model.generate(prompt: [1, 2, 3], options: options)
        #expect(a == b && a.count == 10)
        #expect(a != plain)
    }

    @Test func aPlanNamingAMissingSAEIsRefused() throws {
        let fixture = try SteeringFixture(name: "missing")
        #expect(throws: SteeringRunError.self) {
            try SteeringHooks.make(
                plan: SteeringFixture.plan([(0, 1, 1)], operation: .add), saes: fixture.saes,
                width: fixture.model.width(of:))
        }
    }

    @Test func tokenSeedResolvesToTheRowAlignedWithTheUnembedding() throws {
        let fixture = try SteeringFixture(name: "token")
        // Tied embeddings, gains 1: the logit-lens direction of token t is embedding row t.
        let resolver = TokenSeedResolver(
            checkpoint: fixture.checkpoint, tokenizer: nil, saes: fixture.saes, modelPath: "random")
        let direction = try resolver.direction(token: 7)
        let embedding = try fixture.checkpoint.matrix("model.embed_tokens.weight")
        var row = [Float](repeating: 0, count: 16)
        row.withUnsafeMutableBufferPointer { embedding.decodeRows(7..<8, $0.baseAddress!) }
        #expect(direction == row)
        // Brute force over the written rows.
        let rows = fixture.rows[2]!
        var best = (0, -Float.infinity)
        for i in 0..<rows.rows {
            let r = Array(rows.values[(i * 16)..<((i + 1) * 16)])
            let dot: Float = zip(r, row).map { $0 * $1 }.reduce(0, +)
            let rowNorm: Float = r.map { $0 * $0 }.reduce(0, +).squareRoot()
            let targetNorm: Float = row.map { $0 * $0 }.reduce(0, +).squareRoot()
            let cosine = dot / (rowNorm * targetNorm)
            if cosine > best.1 { best = (i, cosine) }
        }
        let found = try resolver.bestFeature(token: 7, layer: 2)
        #expect(found.index == best.0)
        #expect(abs(found.cosine - best.1) < 1e-5)
    }
}
