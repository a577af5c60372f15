import Foundation
import LinearAlgebra
import Testing

@testable import FlowCore

@Suite struct ApproximateMatchingTests {
    typealias F = MatchingFixtures

    /// R_0 random; R_1 with two thirds of its rows planted at cosine 0.3–0.9 to a random R_0 row; M_1 random.
    static func plantedSAEs(rows: Int = 600, width: Int = 512) -> [SAE] {
        var random = F.Random(state: 42)
        let r0 = F.values(rows, width, seed: 1)
        var r1 = F.values(rows, width, seed: 2)
        for i in 0..<rows where i % 3 != 0 {
            let j = Int(random.next() % UInt64(rows))
            let rho = 0.3 + 0.6 * Double(random.next() % 1000) / 1000
            let target = F.unitRows(
                F.sae(layer: 0, site: .res, rows: 1, columns: width, values: Array(r0[(j * width)..<((j + 1) * width)]))
            )[0]
            let noise = F.unitRows(
                F.sae(layer: 0, site: .res, rows: 1, columns: width, values: Array(r1[(i * width)..<((i + 1) * width)]))
            )[0]
            for c in 0..<width { r1[i * width + c] = Float(rho * target[c] + (1 - rho * rho).squareRoot() * noise[c]) }
        }
        return [
            F.sae(layer: 0, site: .res, rows: rows, columns: width, values: r0),
            F.sae(layer: 1, site: .res, rows: rows, columns: width, values: r1),
            F.sae(layer: 1, site: .mlp, rows: rows / 2, columns: width, seed: 3),
        ]
    }

    func run(_ saes: [SAE], _ options: MatchOptions) throws -> [LayerMatches] {
        let matcher = FeatureMatcher(options: options)
        var results: [LayerMatches] = []
        try matcher.run(plans: try matcher.plan(saes: saes)) { results.append($0) }
        return results
    }

    @Test func agreesWithExactOnStrongPairs() throws {
        let saes = Self.plantedSAEs()
        let exact = try run(saes, MatchOptions(topK: 3))
        let approx = try run(saes, MatchOptions(topK: 3, approximate: .init(dimensions: 128, candidates: 32)))
        var strong = 0
        var agreeing = 0
        for (e, a) in zip(exact, approx) {
            #expect(e.comparisons.count == a.comparisons.count)
            for (ce, ca) in zip(e.comparisons, a.comparisons) {
                for row in 0..<ce.topK.rows {
                    let best = ce.topK.best(row: row)[0]
                    let other = ca.topK.best(row: row)
                    #expect(other.count == 3)
                    guard best.value >= 0.3 else { continue }
                    strong += 1
                    if other[0].index == best.index {
                        agreeing += 1
                        #expect(abs(other[0].value - best.value) < 1e-5)
                    }
                }
            }
        }
        #expect(strong >= 600)  // forward of R_0 and backward res of R_1 both see the planted pairs
        #expect(Double(agreeing) / Double(strong) >= 0.995)
    }

    @Test func isDeterministicAndExactWhenEveryCandidateIsRescored() throws {
        let saes = F.family(layers: 3, columns: 40, widths: [.res: 50, .mlp: 30, .att: 20])
        let options = MatchOptions(
            topK: 4, tileRows: 7, tileColumns: 11, approximate: .init(dimensions: 8, candidates: 50))
        let first = try run(saes, options)
        let second = try run(saes, options)
        let exact = try run(saes, MatchOptions(topK: 4))
        for ((a, b), e) in zip(zip(first, second), exact) {
            for ((ca, cb), ce) in zip(zip(a.comparisons, b.comparisons), e.comparisons) {
                #expect(ca.topK == cb.topK)
                #expect(ca.topK.indices == ce.topK.indices)
                for (x, y) in zip(ca.topK.values, ce.topK.values) { #expect(abs(x - y) < 1e-5) }
            }
        }
    }

    @Test func modeIsRecordedAndReuseDistinguishesModes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ff-approx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try FlowDatabase(path: folder.appendingPathComponent("flow.sqlite").path)
        let saes = F.family(layers: 2, columns: 24, widths: [.res: 40, .mlp: 30])
        func pipeline(_ options: MatchOptions) -> MatchPipeline {
            MatchPipeline(matcher: FeatureMatcher(options: options), database: database)
        }
        let approx = MatchOptions(topK: 2, approximate: .init(dimensions: 8, candidates: 6))
        let first = try pipeline(MatchOptions(topK: 2)).run(saes: saes, request: .init(input: "mem"))
        #expect(first.computed == [0, 1])
        #expect(try database.matchModes() == [0: "exact", 1: "exact"])
        let second = try pipeline(approx).run(saes: saes, request: .init(input: "mem"))
        #expect(second.computed == [0, 1])
        #expect(try database.layerStates().map(\.mode) == ["approx(d=8,c=6)", "approx(d=8,c=6)"])
        #expect(try database.runs().last?.parameters.contains("\"mode\":\"approx(d=8,c=6)\"") == true)
        let third = try pipeline(approx).run(saes: saes, request: .init(input: "mem"))
        #expect(third.reused == [0, 1] && third.computed.isEmpty)
        let other = MatchOptions(topK: 2, approximate: .init(dimensions: 8, candidates: 7))
        #expect(try pipeline(other).run(saes: saes, request: .init(input: "mem", layers: 1...1)).computed == [1])
        #expect(try database.matchModeSummary() == "approx(d=8,c=6): layers 0 · approx(d=8,c=7): layers 1")
    }
}
