import Foundation
import Testing

@testable import FlowCore

/// Features whose R_{L-1} SAE is missing have an unknown origin (issue #11): their own class, no births.
@Suite struct GapTests {
    typealias F = AnalysisFixtures

    /// Layers 0, 1 and 3 (layer 2 missing from the set), 3 features each; layer 3 has strong MLP matches,
    /// which without the gap rule would make every feature there "newborn (MLP)".
    static var missingLayer: ScoreTable {
        ScoreTable(layers: [
            LayerScores(
                layer: 0, count: 3, mlp: F.column([(4, 0.9), (0, 0.1), (1, 0.05)]),
                att: F.column([(0, 0.1), (2, 0.3), (1, 0.2)]), forward: F.column([(0, 0.8), (1, 0.9), (2, 0.9)])),
            LayerScores(
                layer: 1, count: 3, res: F.column([(0, 0.8), (1, 0.9), (2, 0.9)]),
                mlp: F.column([(1, 0.1), (5, 0.1), (0, 0.2)]), att: F.column([(0, 0.0), (1, 0.2), (3, 0.1)])),
            LayerScores(
                layer: 3, count: 3, mlp: F.column([(1, 0.9), (2, 0.8), (0, 0.7)]),
                att: F.column([(0, 0.0), (1, 0.1), (3, 0.1)]), forward: nil),
        ])
    }

    @Test func aMissingLayerGivesUnknownOriginNotBirths() {
        let analysis = FlowAnalysis(table: Self.missingLayer)
        #expect(analysis.classification.gaps == [3])
        #expect(analysis.classification.classes[3] == [.unknown, .unknown, .unknown])
        // Layer 0 has no residual predecessor in the model: classed by its modules, as before.
        #expect(analysis.classification.classes[0] == [.newbornMLP, .newbornAtt, .unexplained])
        #expect(analysis.classification.classes[1] == [.translated, .translated, .translated])
        let stats = LayerStatistics.all(analysis)
        let layer3 = stats.first { $0.layer == 3 }!
        #expect(layer3.classCounts[.unknown] == 3)
        #expect(layer3.classCounts[.newbornMLP] == 0 && layer3.births == 0)
        #expect(stats.first { $0.layer == 0 }!.births == 3)
        #expect(analysis.classification.reportedClasses.last == .unknown)
        #expect(!OriginClass.unknown.isNewborn)
    }

    @Test func aSetThatDoesNotStartAtLayerZeroHasAGapAtItsFirstLayer() {
        let table = ScoreTable(layers: [
            LayerScores(layer: 5, count: 2, mlp: F.column([(0, 0.1), (1, 0.1)]), att: F.column([(0, 0.1), (1, 0.1)])),
            LayerScores(layer: 6, count: 2, res: F.column([(0, 0.9), (1, 0.1)])),
        ])
        let analysis = FlowAnalysis(table: table)
        #expect(analysis.classification.gaps == [5])
        #expect(analysis.classification.classes[5] == [.unknown, .unknown])
        // Layer 6 has no MLP or attention SAE: classed (uncertainly) from s(R) alone.
        #expect(analysis.classification.classes[6] == [.translated, .unexplained])
        #expect(LayerStatistics.all(analysis).first!.births == 0)
    }

    @Test func withoutGapsTheReportedClassesAreTheSixKnownOnes() {
        let analysis = FlowAnalysis(table: F.table)
        #expect(analysis.classification.gaps.isEmpty)
        #expect(analysis.classification.reportedClasses == OriginClass.known)
        #expect(OriginClass.allCases == OriginClass.known + [.unknown])
    }
}
