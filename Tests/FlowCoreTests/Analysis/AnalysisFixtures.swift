@testable import FlowCore

/// Hand-built score tables for the analysis tests.
enum AnalysisFixtures {
    static func column(_ pairs: [(Int, Float)]) -> TopOneColumn {
        TopOneColumn(candidates: pairs.map { Int32($0.0) }, cosines: pairs.map(\.1))
    }

    /// Three layers of 3 residual features each.
    /// Layer 0: no R_{-1}. 0/res/0 ← mlp 4 (0.9); 0/res/1 ← att 2 (0.3); 0/res/2 nothing.
    /// Layer 1: 1/res/0 ← 0/res/0 (0.8), mlp 1 (0.1): translated. 1/res/1 ← 0/res/0 (0.6) + mlp 5 (0.7):
    ///          processed. 1/res/2 ← 0/res/2 (0.2), att 3 (0.5): newborn-att.
    /// Layer 2: 2/res/0 ← 1/res/0 (0.9). 2/res/1 ← 1/res/1 (0.4). 2/res/2 ← 1/res/0 (0.3).
    static var table: ScoreTable {
        ScoreTable(layers: [
            LayerScores(
                layer: 0, count: 3, res: nil,
                mlp: column([(4, 0.9), (0, 0.1), (1, 0.05)]),
                att: column([(0, 0.1), (2, 0.3), (1, 0.2)]),
                forward: column([(0, 0.8), (2, 0.3), (2, 0.2)])),
            LayerScores(
                layer: 1, count: 3,
                res: column([(0, 0.8), (0, 0.6), (2, 0.2)]),
                mlp: column([(1, 0.1), (5, 0.7), (0, 0.2)]),
                att: column([(0, 0.0), (1, 0.2), (3, 0.5)]),
                forward: column([(0, 0.9), (1, 0.4), (1, 0.1)])),
            LayerScores(
                layer: 2, count: 3,
                res: column([(0, 0.9), (1, 0.4), (0, 0.3)]),
                mlp: column([(7, 0.26), (1, 0.1), (2, 0.16)]),
                att: column([(1, 0.05), (1, 0.1), (2, 0.1)]),
                forward: nil),
        ])
    }

    static func id(_ text: String) -> FeatureID { FeatureID(parsing: text)! }
}
