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
                F.sae(
                    layer: 0, hookSite: .res, rows: 1, columns: width,
                    values: Array(r0[(j * width)..<((j + 1) * width)]))
            )[0]
            let noise = F.unitRows(
                F.sae(
                    layer: 0, hookSite: .res, rows: 1, columns: width,
                    values: Array(r1[(i * width)..<((i + 1) * width)]))
            )[0]
            for c in 0..<width { r1[i * width + c] = Float(rho * target[c] + (1 - rho * rho).squareRoot() * noise[c]) }
        }
        return [
            F.sae(layer: 0, hookSite: .res, rows: rows, columns: width, values: r0),
            F.sae(layer: 1, hookSite: .res, rows: rows, columns: width, values: r1),
            F.sae(layer: 1, hookSite: .mlp, rows: rows / 2, columns: width, seed: 3),
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
        let approx = try run(saes, MatchOptions(topK: 3, approximate: .init(bits: 512, candidates: 8)))
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
            topK: 4, tileRows: 7, tileColumns: 11, approximate: .init(bits: 64, candidates: 50))
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
        let approx = MatchOptions(topK: 2, approximate: .init(bits: 64, candidates: 6))
        let first = try pipeline(MatchOptions(topK: 2)).run(saes: saes, request: .init(input: "mem"))
        #expect(first.computed == [0, 1])
        #expect(try database.matchModes() == [0: "exact", 1: "exact"])
        let second = try pipeline(approx).run(saes: saes, request: .init(input: "mem"))
        #expect(second.computed == [0, 1])
        #expect(try database.layerStates().map(\.mode) == ["approx(b=64,c=6..16)", "approx(b=64,c=6..16)"])
        #expect(try database.runs().last?.parameters.contains("\"mode\":\"approx(b=64,c=6..16)\"") == true)
        let third = try pipeline(approx).run(saes: saes, request: .init(input: "mem"))
        #expect(third.reused == [0, 1] && third.computed.isEmpty)
        let other = MatchOptions(topK: 2, approximate: .init(bits: 64, candidates: 7))
        #expect(try pipeline(other).run(saes: saes, request: .init(input: "mem", layers: 1...1)).computed == [1])
        // Each approximate group carries its self-audit (40 rows per comparison, all audited: fewer than 300).
        let summary = try database.matchModeSummary()
        #expect(summary.hasPrefix("approx(b=64,c=6..16): layers 0 (self-audit: "))
        #expect(summary.contains(" · approx(b=64,c=7..16): layers 1 (self-audit: "))
        #expect(try database.runs().last?.audit?.layers == [1])
        #expect(try database.runs().last?.audit?.sampled == 80)  // layer 1: res backward and mlp, 40 rows each
    }

    /// R_0 and R_1 (`rows` × `width`, F32) where a share `planted` of R_0's rows i is set to ρ·b_π(i) +
    /// √(1 − ρ²)·n (π a permutation, n orthogonal noise, ρ uniform in `cosines`): near-threshold pairs.
    static func nearThresholdPair(
        rows: Int, width: Int, planted: Double = 1, cosines: ClosedRange<Double> = 0.25...0.40, seed: UInt64 = 5
    ) -> [SAE] {
        var random = F.Random(state: seed)
        func uniform() -> Double { Double(random.next() >> 11) / Double(1 << 53) }
        let b = F.values(rows, width, seed: seed + 1)
        var a = F.values(rows, width, seed: seed + 2)
        var partners = Array(0..<rows)
        for i in stride(from: rows - 1, to: 0, by: -1) { partners.swapAt(i, Int(random.next() % UInt64(i + 1))) }
        func unit(_ v: ArraySlice<Float>) -> [Double] {
            let norm = v.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
            return v.map { Double($0) / norm }
        }
        for i in 0..<rows where uniform() < planted {
            let j = partners[i]
            let rho = cosines.lowerBound + (cosines.upperBound - cosines.lowerBound) * uniform()
            let target = unit(b[(j * width)..<((j + 1) * width)])
            var noise = unit(a[(i * width)..<((i + 1) * width)])
            let along = zip(noise, target).reduce(0.0) { $0 + $1.0 * $1.1 }
            noise = zip(noise, target).map { $0 - along * $1 }
            let norm = noise.reduce(0.0) { $0 + $1 * $1 }.squareRoot()
            for c in 0..<width {
                a[i * width + c] = Float(rho * target[c] + (1 - rho * rho).squareRoot() * noise[c] / norm)
            }
        }
        return [
            F.sae(layer: 0, hookSite: .res, rows: rows, columns: width, values: a),
            F.sae(layer: 1, hookSite: .res, rows: rows, columns: width, values: b),
        ]
    }

    /// Agreement of two runs' top-1, by band, over every comparison (computed here, independently of the audit).
    static func bands(exact: [LayerMatches], approximate: [LayerMatches]) -> AgreementBands {
        var bands = AgreementBands()
        for (e, a) in zip(exact, approximate) {
            for (ce, ca) in zip(e.comparisons, a.comparisons) {
                for row in 0..<ce.topK.rows {
                    guard let best = ce.topK.best(row: row).first else { continue }
                    bands.add(exactCosine: best.value, same: ca.topK.best(row: row).first?.index == best.index)
                }
            }
        }
        return bands
    }

    /// The audit of every layer of a run, added up.
    static func audit(_ results: [LayerMatches]) -> MatchAudit? {
        let audits = results.compactMap(\.audit)
        return audits.dropFirst().reduce(audits.first) { $0?.adding($1) }
    }

    @Test func holdsOnNearThresholdPairsAndTheAuditEstimatesTheAgreement() throws {
        // 3000 pairs at cosine 0.25–0.40 in 384 dimensions: chance matches reach ≈ 0.19, so the planted
        // partner is every row's exact top-1, but only a few standard deviations of sketch noise above chance.
        let saes = Self.nearThresholdPair(rows: 3000, width: 384)
        let exact = try run(saes, MatchOptions(topK: 3))
        let approx = try run(saes, MatchOptions(topK: 3, approximate: .init(bits: 512, auditShare: 0.25)))
        let full = Self.bands(exact: exact, approximate: approx)
        #expect(full.atLeast(0.25).rows == 6000)  // both directions, every row planted
        #expect(try #require(full.agreement(atLeast: 0.3)) >= 0.995)
        #expect(try #require(full.agreement(band: AgreementBands.band(of: 0.25))) >= 0.98)
        let audit = try #require(Self.audit(approx))
        #expect(audit.layers == [0, 1] && audit.rows == 6000)
        #expect(audit.sampled > 1200 && audit.sampled < 1800)  // 25 % of 6000, seeded
        #expect(audit.sampled == audit.bands.atLeast(-2).rows)
        let estimate = try #require(audit.strongAgreement)
        #expect(abs(estimate - full.agreement(atLeast: 0.3)!) <= 0.005)
        #expect(audit.passes && audit.warning == nil)
    }

    @Test func auditMatchesTheFullComparisonOfAWeakConfiguration() throws {
        // A deliberately weak configuration (512 bits, 3 candidates, every row trusted) misses matches;
        // the audit of every row must count exactly what the full comparison counts, and a 30 % sample must
        // estimate it to within half a percentage point.
        let saes = Self.nearThresholdPair(rows: 3000, width: 384)
        let exact = try run(saes, MatchOptions(topK: 3))
        let weak = ApproximateMatching(
            bits: 512, candidates: 3, maxCandidates: 3, confidence: -1000, floor: 0, auditShare: 1)
        let all = try run(saes, MatchOptions(topK: 3, approximate: weak))
        let full = Self.bands(exact: exact, approximate: all)
        let strong = try #require(full.agreement(atLeast: 0.3))
        #expect(strong < 0.995 && strong > 0.9, "\(full.summary)")  // the weak configuration really misses
        let audit = try #require(Self.audit(all))
        #expect(audit.bands == full)
        #expect(!audit.passes)
        #expect(audit.warning?.contains("AUDIT FAILED for layers 0–1") == true)
        var sampledOptions = weak
        sampledOptions.auditShare = 0.3
        let sampled = try #require(Self.audit(try run(saes, MatchOptions(topK: 3, approximate: sampledOptions))))
        #expect(sampled.sampled > 1500 && sampled.sampled < 2100)
        #expect(
            abs(try #require(sampled.strongAgreement) - strong) <= 0.005, "\(sampled.bands.summary) vs \(full.summary)")
    }

    @Test func unsureRowsGetMoreCandidatesOrAnExactPass() throws {
        // 64-bit sketches are too coarse to certify most rows at cosine 0.25–0.4: they are rescored deeper or
        // matched exactly, and the result agrees with exact matching.
        let saes = Self.nearThresholdPair(rows: 1500, width: 256, planted: 0.7, cosines: 0.25...0.6)
        let exact = try run(saes, MatchOptions(topK: 2))
        let approx = try run(saes, MatchOptions(topK: 2, approximate: .init(bits: 64, auditShare: 0)))
        let audit = try #require(Self.audit(approx))
        #expect(audit.sampled == 0)
        #expect(audit.deeperRows > 100 && audit.exactRows > 100)
        let full = Self.bands(exact: exact, approximate: approx)
        #expect(try #require(full.agreement(atLeast: 0.25)) >= 0.995)
    }

    @Test func pipelineRecordsTheAuditAndWarnsBelowTheBound() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ff-audit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try FlowDatabase(path: folder.appendingPathComponent("flow.sqlite").path)
        let saes = Self.nearThresholdPair(rows: 800, width: 256)
        let weak = ApproximateMatching(
            bits: 64, candidates: 2, maxCandidates: 2, confidence: -1000, floor: 0, auditShare: 0.5)
        let summary = try MatchPipeline(
            matcher: FeatureMatcher(options: MatchOptions(topK: 2, approximate: weak)), database: database
        ).run(saes: saes, request: .init(input: "mem"))
        let audit = try #require(summary.audit)
        #expect(!audit.passes)
        #expect(summary.warnings.contains(audit.warning!))
        #expect(try database.runs().last?.audit == audit)
        #expect(try database.matchModeSummary().contains("BELOW THE 99.5 % BOUND"))
    }
}
