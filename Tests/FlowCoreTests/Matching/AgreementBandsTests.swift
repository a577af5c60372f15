import LinearAlgebra
import Testing

@testable import FlowCore

@Suite struct AgreementBandsTests {
    @Test func bandsAndLabels() {
        #expect(AgreementBands.band(of: -0.5) == 0)
        #expect(AgreementBands.band(of: 0.1999) == 0)
        #expect(AgreementBands.band(of: 0.2) == 1)
        #expect(AgreementBands.band(of: 0.27) == 2)
        #expect(AgreementBands.band(of: 0.3) == 3)
        #expect(AgreementBands.band(of: 0.45) == 5)
        #expect(AgreementBands.band(of: 0.99) == 6)
        #expect(
            (0...6).map(AgreementBands.label) == [
                "< 0.2", "0.2–0.25", "0.25–0.3", "0.3–0.35", "0.35–0.4", "0.4–0.5", "≥ 0.5",
            ])
    }

    @Test func countsTopOneAgreementAndAddsUp() {
        var exact = TopKAccumulator(rows: 4, k: 2)
        var approx = TopKAccumulator(rows: 4, k: 2)
        exact.offer(row: 0, index: 3, value: 0.31)
        approx.offer(row: 0, index: 3, value: 0.31)
        exact.offer(row: 1, index: 5, value: 0.33)
        approx.offer(row: 1, index: 6, value: 0.2)
        exact.offer(row: 2, index: 1, value: 0.26)
        approx.offer(row: 2, index: 1, value: 0.26)
        // Row 3 has no exact match: not counted.
        var bands = AgreementBands()
        bands.add(exact: exact, approximate: approx)
        #expect(bands.rows == [0, 0, 1, 2, 0, 0, 0])
        #expect(bands.agreeing == [0, 0, 1, 1, 0, 0, 0])
        #expect(bands.agreement(atLeast: 0.3) == 0.5)
        #expect(bands.agreement(band: 2) == 1)
        #expect(bands.agreement(band: 5) == nil)
        let twice = bands.adding(bands)
        #expect(twice.atLeast(0.25) == (rows: 6, agreeing: 4))
        #expect(bands.summary == "0.25–0.3 1/1 = 100.00 % · 0.3–0.35 1/2 = 50.00 %")
    }

    @Test func auditRoundTripsAndMerges() {
        var bands = AgreementBands()
        bands.add(exactCosine: 0.35, same: true)
        bands.add(exactCosine: 0.35, same: false)
        let a = MatchAudit(
            layers: [2, 3], rows: 100, sampled: 2, deeperRows: 4, exactRows: 1, bands: bands, share: 0.01, bound: 0.995)
        let b = MatchAudit(
            layers: [0, 1], rows: 50, sampled: 2, deeperRows: 0, exactRows: 0, bands: bands, share: 0.01, bound: 0.995)
        #expect(MatchAudit(json: a.json) == a)
        #expect(MatchAudit(json: "{}") == nil)
        let sum = a.adding(b)
        #expect(sum.layers == [0, 1, 2, 3] && sum.rows == 150 && sum.sampled == 4 && sum.deeperRows == 4)
        #expect(sum.strongAgreement == 0.5)
        #expect(!sum.passes)
        #expect(sum.warning?.hasPrefix("APPROXIMATE MATCHING AUDIT FAILED for layers 0–3") == true)
    }
}
