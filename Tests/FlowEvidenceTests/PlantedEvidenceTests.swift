import FlowCore
import Foundation
import LinearAlgebra
import Testing

@testable import FlowEvidence

/// A synthetic layer with planted flows: R(1)'s feature i is fed by R(0)'s (i + 3) mod w with probability
/// 0.8 and by M(1)'s (i + 5) mod w with probability 0.4, never by attention; every predecessor feature
/// also fires on its own with probability 0.03. Identity SAEs (z = relu(x)) make the activations the codes.
@Suite struct PlantedEvidenceTests {
    static let width = 64
    static let tokens = 4000

    struct Planted {
        var target: [[Float]] = []
        var res: [[Float]] = []
        var mlp: [[Float]] = []
        var att: [[Float]] = []
    }

    static func generate(seed: UInt64) -> Planted {
        var random = SplitMix64(seed: seed)
        func uniform() -> Double { Double(random.next() >> 11) / Double(1 << 53) }
        var planted = Planted()
        for _ in 0..<tokens {
            var target = [Float](repeating: 0, count: width)
            var res = [Float](repeating: 0, count: width)
            var mlp = [Float](repeating: 0, count: width)
            var att = [Float](repeating: 0, count: width)
            for i in 0..<width {
                if uniform() < 0.03 { res[i] = Float(0.5 + uniform()) }
                if uniform() < 0.03 { mlp[i] = Float(0.5 + uniform()) }
                if uniform() < 0.03 { att[i] = Float(0.5 + uniform()) }
            }
            for i in 0..<width where uniform() < 0.05 {
                target[i] = Float(0.5 + uniform())
                if uniform() < 0.8 { res[(i + 3) % width] = 1 }
                if uniform() < 0.4 { mlp[(i + 5) % width] = 1 }
            }
            planted.target.append(target)
            planted.res.append(res)
            planted.mlp.append(mlp)
            planted.att.append(att)
        }
        return planted
    }

    /// Match rows: rank 1 is the planted predecessor, ranks 2–5 the next features.
    static func matches() -> [MatchRow] {
        var rows: [MatchRow] = []
        for i in 0..<width {
            for (hookSite, shift) in [(HookSite.res, 3), (.mlp, 5), (.att, 7)] {
                for rank in 1...5 {
                    rows.append(
                        MatchRow(
                            layer: 1, feature: i, hookSite: hookSite, direction: .backward, rank: rank,
                            candidate: (i + shift + rank - 1) % width, cosine: 1 - Double(rank) / 10))
                }
            }
        }
        return rows
    }

    @Test func groupsAndLiftRecoverThePlantedFlows() throws {
        let parent = try EvidenceFixtures.folder("planted")
        let hooks: [(HookSite, Int, String)] = [
            (.res, 0, "blocks.0.hook_resid_post"), (.res, 1, "blocks.1.hook_resid_post"),
            (.mlp, 1, "blocks.1.hook_mlp_out"), (.att, 1, "blocks.1.hook_attn_out"),
        ]
        let saes = try hooks.map { hookSite, layer, hook in
            try EvidenceFixtures.load(
                try EvidenceFixtures.identitySAE(
                    in: parent, name: "\(layer)-\(hookSite)", hook: hook, width: Self.width),
                layer: layer, hookSite: hookSite)
        }.sorted { ($0.layer, $0.hookSite) < ($1.layer, $1.hookSite) }
        let computation = EvidenceComputation(saes: saes, matches: [1: Self.matches()], top: 0, seed: 11)
        let planted = Self.generate(seed: 5)
        let batch = 100
        for start in stride(from: 0, to: Self.tokens, by: batch) {
            let range = start..<(start + batch)
            try computation.add(
                ActivationBatch(
                    sequences: [start / batch], positions: batch, tokens: [[Int](repeating: 0, count: batch)],
                    keep: [Bool](repeating: true, count: batch),
                    activations: [
                        "blocks.0.hook_resid_post": planted.res[range].flatMap { $0 },
                        "blocks.1.hook_resid_post": planted.target[range].flatMap { $0 },
                        "blocks.1.hook_mlp_out": planted.mlp[range].flatMap { $0 },
                        "blocks.1.hook_attn_out": planted.att[range].flatMap { $0 },
                    ]))
        }
        let flow = try #require(computation.flows[1])

        // Groups counted here directly.
        var expected1 = [ActivationGroup: Int]()
        var expected5 = [ActivationGroup: Int]()
        var targetActive = [Int](repeating: 0, count: Self.width)
        var both = [HookSite: [Int]]()
        for token in 0..<Self.tokens {
            for i in 0..<Self.width where planted.target[token][i] > 0 {
                targetActive[i] += 1
                func active(_ values: [Float], _ shift: Int, ranks: Int) -> Bool {
                    (0..<ranks).contains { values[(i + shift + $0) % Self.width] > 0 }
                }
                let p = planted
                expected1[
                    ActivationGroup(
                        res: active(p.res[token], 3, ranks: 1), mlp: active(p.mlp[token], 5, ranks: 1),
                        att: active(p.att[token], 7, ranks: 1)), default: 0] += 1
                expected5[
                    ActivationGroup(
                        res: active(p.res[token], 3, ranks: 5), mlp: active(p.mlp[token], 5, ranks: 5),
                        att: active(p.att[token], 7, ranks: 5)), default: 0] += 1
                for (hookSite, values, shift) in [
                    (HookSite.res, p.res[token], 3), (.mlp, p.mlp[token], 5), (.att, p.att[token], 7),
                ]
                where values[(i + shift) % Self.width] > 0 {
                    both[hookSite, default: [Int](repeating: 0, count: Self.width)][i] += 1
                }
            }
        }
        for row in flow.groupCounts() {
            let expected = row.predecessors == 1 ? expected1 : expected5
            #expect(row.events == expected[row.group, default: 0], "\(row.group.rawValue) top-\(row.predecessors)")
        }
        let rows = flow.coactivations()
        #expect(rows.count == 3 * Self.width)
        var lifts: [HookSite: (Int, Int, Int)] = [:]
        for row in rows {
            #expect(row.targetActive == targetActive[row.feature])
            #expect(row.bothActive == both[row.hookSite]?[row.feature] ?? 0)
            #expect(row.randomFeature != row.predecessor)
            let sum = lifts[row.hookSite] ?? (0, 0, 0)
            lifts[row.hookSite] = (sum.0 + row.targetActive, sum.1 + row.bothActive, sum.2 + row.randomBothActive)
        }
        // Pooled rates recover the planted probabilities (± 0.03 on ~12,800 events); random features fire
        // with a target at the background rate (0.03 plus the share of other targets' planted links).
        func rate(_ hookSite: HookSite) -> (Double, Double) {
            let (t, b, r) = lifts[hookSite]!
            return (Double(b) / Double(t), Double(r) / Double(t))
        }
        let res = rate(.res)
        let mlp = rate(.mlp)
        let att = rate(.att)
        #expect(abs(res.0 - (0.8 + 0.2 * 0.03 + 0.8 * 0.03)) < 0.03, "res \(res)")
        #expect(abs(mlp.0 - (0.4 + 0.6 * 0.03 + 0.4 * 0.03)) < 0.03, "mlp \(mlp)")
        #expect(abs(att.0 - 0.03) < 0.01, "att \(att)")
        for (name, random) in [("res", res.1), ("mlp", mlp.1), ("att", att.1)] {
            #expect(random < 0.1, "\(name) random \(random)")
        }
        // The groups: "From RES" and "From RES & MLP" carry most events, as planted.
        let total = Double(flow.groupCounts().filter { $0.predecessors == 1 }.map(\.events).reduce(0, +))
        let fromRes = Double(expected1[.res, default: 0]) / total
        let fromResMLP = Double(expected1[.resMLP, default: 0]) / total
        #expect(abs(fromRes - 0.8 * 0.6) < 0.04 && abs(fromResMLP - 0.8 * 0.4) < 0.04, "\(fromRes) \(fromResMLP)")
    }
}
