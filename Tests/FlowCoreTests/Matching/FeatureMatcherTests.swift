import LinearAlgebra
import Testing

@testable import FlowCore

@Suite struct FeatureMatcherTests {
    typealias F = MatchingFixtures

    /// Same top-k indices as the brute force except where the reference itself has a (near) tie;
    /// cosines within 1e-5.
    func expectAgrees(
        _ topK: TopKAccumulator, _ reference: [[(index: Int, cosine: Double)]], k: Int,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(topK.rows == reference.count, sourceLocation: sourceLocation)
        for (row, expected) in reference.enumerated() {
            let got = topK.best(row: row)
            #expect(got.count == min(k, expected.count), sourceLocation: sourceLocation)
            for (rank, match) in got.enumerated() {
                #expect(abs(Double(match.value) - expected[rank].cosine) < 1e-5, sourceLocation: sourceLocation)
                if match.index != expected[rank].index {
                    // Only acceptable when the two candidates are (numerically) tied.
                    let other = expected.first { $0.index == match.index }!.cosine
                    #expect(abs(other - expected[rank].cosine) < 1e-6, sourceLocation: sourceLocation)
                }
            }
        }
    }

    @Test(arguments: [(1, 1), (7, 5), (64, 4096), (3, 11)])
    func equalsBruteForceOnOddSizes(tiles: (Int, Int)) throws {
        let saes = F.family(layers: 3, columns: 13, widths: [.res: 37, .mlp: 29, .att: 41])
        let matcher = FeatureMatcher(options: MatchOptions(topK: 5, tileRows: tiles.0, tileColumns: tiles.1))
        var results: [LayerMatches] = []
        try matcher.run(plans: try matcher.plan(saes: saes)) { results.append($0) }
        #expect(results.map(\.layer) == [0, 1, 2])
        func sae(_ layer: Int, _ hookSite: HookSite) -> SAE {
            saes.first { $0.layer == layer && $0.hookSite == hookSite }!
        }
        for result in results {
            let l = result.layer
            let residual = F.unitRows(sae(l, .res))
            for comparison in result.comparisons {
                let other = F.unitRows(sae(comparison.candidateLayer, comparison.hookSite))
                expectAgrees(comparison.topK, F.bruteForce(residual, other), k: 5)
            }
        }
        // Layer 0 has no R_{-1}; the last layer has no R_{L+1}.
        #expect(results[0].comparison(hookSite: .res, direction: .backward) == nil)
        #expect(results[0].comparisons.map(\.hookSite) == [.mlp, .att, .res])
        #expect(results[1].comparisons.count == 4)
        #expect(results[2].comparison(hookSite: .res, direction: .forward) == nil)
        #expect(results[1].comparison(hookSite: .res, direction: .backward)?.candidateLayer == 0)
        #expect(results[1].comparison(hookSite: .res, direction: .forward)?.candidateLayer == 2)
    }

    @Test func subsetOfLayersGivesTheSameMatches() throws {
        let saes = F.family(layers: 4, columns: 9, widths: [.res: 23, .mlp: 17])
        let matcher = FeatureMatcher(options: MatchOptions(topK: 3, tileRows: 5, tileColumns: 6))
        let plans = try matcher.plan(saes: saes)
        var all: [Int: LayerMatches] = [:]
        try matcher.run(plans: plans) { all[$0.layer] = $0 }
        var some: [Int: LayerMatches] = [:]
        try matcher.run(plans: plans, layers: [0, 2]) { some[$0.layer] = $0 }
        #expect(some.keys.sorted() == [0, 2])
        for layer in [0, 2] {
            for (x, y) in zip(all[layer]!.comparisons, some[layer]!.comparisons) {
                #expect(x.hookSite == y.hookSite && x.direction == y.direction)
                #expect(x.topK.indices == y.topK.indices)
                for (u, v) in zip(x.topK.values, y.topK.values) { #expect(abs(u - v) < 1e-6) }
            }
        }
    }

    @Test func kLargerThanCandidatesAndZeroRows() throws {
        var values = F.values(4, 3, seed: 5)
        values[3...5] = [0, 0, 0]
        let saes = [
            F.sae(layer: 0, hookSite: .res, rows: 6, columns: 3, seed: 1),
            F.sae(layer: 0, hookSite: .mlp, rows: 4, columns: 3, values: values),
        ]
        let matcher = FeatureMatcher(options: MatchOptions(topK: 10))
        var result: LayerMatches?
        try matcher.run(plans: try matcher.plan(saes: saes)) { result = $0 }
        let mlp = try #require(result?.comparison(hookSite: .mlp, direction: .backward))
        #expect(mlp.topK.count(row: 0) == 4)
        #expect(result!.warnings.contains { $0.contains("1 decoder row(s) of zero norm") })
        // The zero row has cosine exactly 0 with every feature.
        #expect(mlp.topK.best(row: 0).contains { $0.index == 1 && $0.value == 0 })
    }

    @Test func hookZAttentionIsProjectedWithWOAndGain() throws {
        let dModel = 5
        let dIn = 4
        let wO = F.values(dModel, dIn, seed: 77)
        let gain: [Float] = [1.5, 0.5, 2, 1, 0.25]
        let residual = F.sae(layer: 3, hookSite: .res, rows: 11, columns: dModel, seed: 8)
        let att = F.sae(layer: 3, hookSite: .att, rows: 9, columns: dIn, seed: 9, needsProjection: true)
        var asked: [Int] = []
        let matcher = FeatureMatcher(options: MatchOptions(topK: 4, tileRows: 3, tileColumns: 4)) { sae in
            asked.append(sae.layer)
            return AttentionProjection(dModel: dModel, dIn: dIn, wO: wO, gain: gain, identity: "test")
        }
        var result: LayerMatches?
        try matcher.run(plans: try matcher.plan(saes: [residual, att])) { result = $0 }
        let comparison = try #require(result?.comparison(hookSite: .att, direction: .backward))
        let projected = F.unitRows(att) { (d: [Double]) -> [Double] in
            var u = [Double](repeating: 0, count: dModel)
            for i in 0..<dModel {
                var sum = 0.0
                for j in 0..<dIn { sum += Double(wO[i * dIn + j]) * d[j] }
                u[i] = Double(gain[i]) * sum
            }
            return u
        }
        expectAgrees(comparison.topK, F.bruteForce(F.unitRows(residual), projected), k: 4)
        #expect(asked == [3])
    }

    @Test func hookZWithoutModelIsSkippedWithAWarning() throws {
        let saes = [
            F.sae(layer: 0, hookSite: .res, rows: 5, columns: 6, seed: 1),
            F.sae(layer: 0, hookSite: .att, rows: 5, columns: 4, seed: 2, needsProjection: true),
        ]
        let plans = try FeatureMatcher().plan(saes: saes)
        #expect(plans[0].targets.isEmpty)
        #expect(plans[0].skipped.count == 1 && plans[0].skipped[0].contains("--model"))
        var result: LayerMatches?
        try FeatureMatcher().run(plans: plans) { result = $0 }
        #expect(result?.warnings == plans[0].skipped)
        #expect(result?.comparisons.isEmpty == true)
    }

    @Test func widthMismatchIsAnErrorAtTheSAE() {
        let saes = [
            F.sae(layer: 0, hookSite: .res, rows: 5, columns: 6, seed: 1),
            F.sae(layer: 0, hookSite: .mlp, rows: 5, columns: 4, seed: 2),
        ]
        #expect(
            throws: MatchingError(
                path: "mem/0-mlp", reason: .widthMismatch(hookSite: .mlp, layer: 0, width: 4, residualWidth: 6))
        ) { try FeatureMatcher().plan(saes: saes) }
    }

    @Test func progressCoversThePlannedWork() throws {
        let saes = F.family(layers: 3, columns: 8, widths: [.res: 10, .mlp: 12])
        let matcher = FeatureMatcher(options: MatchOptions(topK: 2))
        var events: [MatchProgress] = []
        try matcher.run(plans: try matcher.plan(saes: saes), progress: { events.append($0) }) { _ in }
        let last = try #require(events.last)
        #expect(last.layerDone && last.layerNumber == 3 && last.layerCount == 3)
        #expect(last.flopsDone == last.flopsTotal)
        // 2 residual products (shared) + 3 mlp products.
        let expectedFlops: Double = 2 * 8 * (2 * 10 * 10 + 3 * 10 * 12)
        #expect(last.flopsTotal == expectedFlops)
    }
}
