import FlowCore
import Foundation
import LinearAlgebra
import Testing

@testable import FlowEvidence

/// Per-SAE and per-feature statistics against values computed here by plain loops.
@Suite struct StatisticsTests {
    /// d_in 2, d_sae 4: f0 = relu(x0), f1 = relu(x1), f2 = relu(x0 + x1 − 1), f3 never fires.
    static let encoder: [Float] = [1, 0, 1, 0, 0, 1, 1, 0]
    static let bias: [Float] = [0, 0, -1, -1]
    static let decoder: [Float] = [1, 0, 0, 1, 0.5, 0.5, 0.3, -0.3]
    static let decoderBias: [Float] = [0.1, -0.2]

    /// Codes computed directly (Double).
    static func code(_ x: [Float]) -> [Double] {
        (0..<4).map { f in
            max(0, Double(x[0]) * Double(encoder[f]) + Double(x[1]) * Double(encoder[4 + f]) + Double(bias[f]))
        }
    }

    @Test func statisticsMatchDirectComputation() throws {
        let parent = try EvidenceFixtures.folder("stats")
        let folder = try EvidenceFixtures.writeSAE(
            in: parent, name: "r0", hook: "blocks.0.hook_resid_post", encoder: Self.encoder, bias: Self.bias,
            decoder: Self.decoder, decoderBias: Self.decoderBias)
        let sae = try EvidenceFixtures.load(folder, layer: 0, hookSite: .res)
        let computation = EvidenceComputation(saes: [sae], matches: [:], top: 2, seed: 1)
        // 3 sequences × 3 positions; position 2 of sequence 1 is skipped (a huge BOS-like row).
        let rows: [[Float]] = [
            [2, 0], [0, 3], [0.25, 0.25],
            [2, 0.5], [-1, -1], [100, 100],
            [2, -5], [0.1, 1.7], [3, 3],
        ]
        var keep = [Bool](repeating: true, count: 9)
        keep[5] = false
        try computation.add(
            ActivationBatch(
                sequences: [0, 1], positions: 3, tokens: [[1, 2, 3], [4, 5, 6]], keep: Array(keep[0..<6]),
                activations: ["blocks.0.hook_resid_post": rows[0..<6].flatMap { $0 }]))
        try computation.add(
            ActivationBatch(
                sequences: [2], positions: 3, tokens: [[7, 8, 9]], keep: Array(keep[6..<9]),
                activations: ["blocks.0.hook_resid_post": rows[6..<9].flatMap { $0 }]))

        let kept = rows.indices.filter { keep[$0] }
        var error = 0.0
        var mean = [0.0, 0.0]
        var active = [0, 0, 0, 0]
        var sums = [0.0, 0.0, 0.0, 0.0]
        var maxima = [0.0, 0.0, 0.0, 0.0]
        var l0 = 0
        for k in kept {
            let x = rows[k]
            let z = Self.code(x)
            for j in 0..<2 {
                var reconstruction = Double(Self.decoderBias[j])
                for f in 0..<4 { reconstruction += z[f] * Double(Self.decoder[f * 2 + j]) }
                error += (Double(x[j]) - reconstruction) * (Double(x[j]) - reconstruction)
                mean[j] += Double(x[j]) / Double(kept.count)
            }
            for f in 0..<4 where z[f] > 0 {
                active[f] += 1
                sums[f] += z[f]
                maxima[f] = max(maxima[f], z[f])
                l0 += 1
            }
        }
        var variance = 0.0
        for k in kept {
            for j in 0..<2 { variance += (Double(rows[k][j]) - mean[j]) * (Double(rows[k][j]) - mean[j]) }
        }
        let quality = computation.accumulators[0].quality(layer: 0, hookSite: .res)
        #expect(quality.tokens == 8)
        #expect(abs(quality.fve - (1 - error / variance)) < 1e-6)
        #expect(abs(quality.l0 - Double(l0) / 8) < 1e-12)
        #expect(quality.deadFraction == 0.25)
        #expect(quality.denseFraction == 0.75)  // f0, f1, f2 fire on more than 10 % of 8 tokens

        let activities = computation.accumulators[0].activities(layer: 0, hookSite: .res)
        #expect(activities.map(\.feature) == [0, 1, 2])
        for activity in activities {
            let f = activity.feature
            #expect(activity.active == active[f])
            #expect(abs(activity.mean - sums[f] / Double(active[f])) < 1e-6)
            #expect(abs(activity.max - maxima[f]) < 1e-6)
            #expect(activity.histogram.counts.reduce(0, +) == active[f])
            #expect(activity.histogram.edges.count == activity.histogram.counts.count + 1)
        }
        // f0 fires 2, 2, 2, 3 (and 0.25, 0.1 below): one bin [2, 2^1.5) with three, [2^1.5, 4) with the 3.
        let f0 = activities[0].histogram
        let two = f0.edges.firstIndex(of: 2)!
        #expect(f0.counts[two] == 3)
        #expect(f0.edges[two + 1] == 2.0.squareRoot() * 2)

        // Top 2 of f0: 3 at (2, 2), then the first of the three ties at 2: (0, 0); (1, 0) and (2, 0) lose.
        let top = computation.accumulators[0].topActivations(0)
        #expect(top.map(\.sequence) == [2, 0] && top.map(\.position) == [2, 0] && top.map(\.value) == [3, 2])
        let contexts = computation.contexts(
            of: 0, before: 1, after: 1, tokens: { [[1, 2, 3], [4, 5, 6], [7, 8, 9]][$0] }
        ) {
            "t\($0)"
        }
        let first = contexts.filter { $0.feature == 0 }
        #expect(first.map(\.rank) == [1, 2])
        #expect(first[0].tokens == ["t8", "t9"] && first[0].focus == 1)
        #expect(first[1].tokens == ["t1", "t2"] && first[1].focus == 0)
    }

    @Test func histogramGridEdges() {
        #expect(HistogramGrid.bin(0) == 0)
        #expect(HistogramGrid.bin(0.001) == 0)
        for (index, edge) in HistogramGrid.edges.enumerated().dropFirst().dropLast() {
            var atEdge = Float(edge)
            if Double(atEdge) < edge { atEdge = atEdge.nextUp }  // the smallest float in the bin
            #expect(HistogramGrid.bin(atEdge) == index, "edge \(edge)")
            #expect(HistogramGrid.bin(atEdge.nextDown) == index - 1, "below edge \(edge)")
        }
        #expect(HistogramGrid.bin(1e9) == HistogramGrid.binCount - 1)
    }
}
