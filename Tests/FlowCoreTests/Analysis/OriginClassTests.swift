import Testing

@testable import FlowCore

@Suite struct OriginClassTests {
    let t = ClassThresholds.default

    @Test func rulesOfTheTable() {
        #expect(OriginClass.classify(res: 0.6, mlp: 0.1, att: 0.1, thresholds: t) == .translated)
        #expect(OriginClass.classify(res: 0.6, mlp: 0.3, att: 0.1, thresholds: t) == .processed)
        #expect(OriginClass.classify(res: 0.6, mlp: 0.1, att: 0.3, thresholds: t) == .processed)
        #expect(OriginClass.classify(res: 0.1, mlp: 0.3, att: 0.1, thresholds: t) == .newbornMLP)
        #expect(OriginClass.classify(res: 0.1, mlp: 0.1, att: 0.3, thresholds: t) == .newbornAtt)
        #expect(OriginClass.classify(res: 0.1, mlp: 0.3, att: 0.3, thresholds: t) == .newbornBoth)
        #expect(OriginClass.classify(res: 0.1, mlp: 0.1, att: 0.1, thresholds: t) == .unexplained)
    }

    @Test func valuesExactlyAtAThresholdCountAsAbove() {
        #expect(OriginClass.classify(res: 0.25, mlp: 0.2499, att: 0, thresholds: t) == .translated)
        #expect(OriginClass.classify(res: 0.2499, mlp: 0.25, att: 0, thresholds: t) == .newbornMLP)
        #expect(OriginClass.classify(res: 0.2499, mlp: 0, att: 0.25, thresholds: t) == .newbornAtt)
    }

    @Test func layerZeroAndMissingPositionsCountAsBelow() {
        #expect(OriginClass.classify(res: nil, mlp: 0.9, att: nil, thresholds: t) == .newbornMLP)
        #expect(OriginClass.classify(res: nil, mlp: nil, att: nil, thresholds: t) == .unexplained)
        #expect(OriginClass.classify(res: 0.9, mlp: nil, att: nil, thresholds: t) == .translated)
    }

    @Test func thePapersWorkedExamplesAreProcessed() {
        // 7/res/16335: s(R) = 0.30, s(M) = 0.82; 17/res/8130: s(R) = 0.48, s(M) = 0.79 (METHOD.md §3).
        #expect(OriginClass.classify(res: 0.30, mlp: 0.82, att: 0.0, thresholds: t) == .processed)
        #expect(OriginClass.classify(res: 0.48, mlp: 0.79, att: 0.0, thresholds: t) == .processed)
    }

    @Test func classifiesAWholeTable() {
        let classes = Classification(table: AnalysisFixtures.table, mode: .fixed(.default)).classes
        #expect(classes[0] == [.newbornMLP, .newbornAtt, .unexplained])
        #expect(classes[1] == [.translated, .processed, .newbornAtt])
        #expect(classes[2] == [.processed, .translated, .translated])
        // MLP and attention features have no origin class, even where a residual index coincides.
        let classification = Classification(table: AnalysisFixtures.table, mode: .fixed(.default))
        #expect(classification.originClass(of: FeatureID(layer: 1, hookSite: .res, index: 0)) == .translated)
        #expect(classification.originClass(of: FeatureID(layer: 1, hookSite: .mlp, index: 0)) == nil)
        #expect(classification.originClass(of: FeatureID(layer: 1, hookSite: .att, index: 0)) == nil)
    }

    @Test func quantileModeUsesEachLayersDistribution() {
        let classification = Classification(table: AnalysisFixtures.table, mode: .quantile(0.5))
        // Layer 1 s(R) = [0.8, 0.6, 0.2] → median 0.6; s(M) = [0.1, 0.7, 0.2] → 0.2; s(A) = [0, 0.2, 0.5] → 0.2.
        let t1 = classification.thresholds[1]!
        #expect(abs(t1.res - 0.6) < 1e-6 && abs(t1.mlp - 0.2) < 1e-6 && abs(t1.att - 0.2) < 1e-6)
        // Layer 0 has no s(R): its quantile threshold is 1, so nothing is translated or processed.
        #expect(classification.thresholds[0]!.res == 1)
        #expect(classification.classes[1] == [.translated, .processed, .newbornBoth])
    }
}
