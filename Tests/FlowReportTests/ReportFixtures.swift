import FlowCore

@testable import FlowReport

/// A four-layer score table built by hand, and report contexts over it.
///
/// Residual links (best R_{L-1} predecessor, cosine): 1/res/0 ← 0/0 0.9, 1/res/1 ← 0/1 0.1 (below t_R),
/// 1/res/2 ← 0/2 0.8; 2/res/0 ← 1/1 0.8, 2/res/1 ← 1/0 0.7, 2/res/2 ← 1/2 0.3; 3/res/0 ← 2/1 0.9,
/// 3/res/1 ← 2/2 0.6, 3/res/2 ← 2/1 0.5. The forward top-1 of 2/res/0 is 3/res/0 (0.88), whose best predecessor is
/// 2/res/1: a continuation that is not a descendant. So 2/res/0 is born at 1/res/1 (its 0.1 link to 0/res/1 is not
/// a flow) and ends at layer 2. MLP: 1/res/1 ← 1/mlp/2 0.7 (a newborn of the MLP).
enum ReportFixtures {
    static func id(_ text: String) -> FeatureID { FeatureID(parsing: text)! }

    static func column(_ pairs: [(Int32, Float)]) -> TopOneColumn {
        TopOneColumn(candidates: pairs.map(\.0), cosines: pairs.map(\.1))
    }

    static let table = ScoreTable(layers: [
        LayerScores(layer: 0, count: 3, forward: column([(0, 0.9), (1, 0.1), (2, 0.8)])),
        LayerScores(
            layer: 1, count: 3, res: column([(0, 0.9), (1, 0.1), (2, 0.8)]),
            mlp: column([(0, 0.1), (2, 0.7), (1, 0.05)]), forward: column([(1, 0.7), (0, 0.8), (2, 0.3)])),
        LayerScores(
            layer: 2, count: 3, res: column([(1, 0.8), (0, 0.7), (2, 0.3)]),
            forward: column([(0, 0.88), (0, 0.9), (1, 0.6)])),
        LayerScores(layer: 3, count: 3, res: column([(1, 0.9), (2, 0.6), (1, 0.5)])),
    ])

    /// A context with every feature paged and no database behind it.
    static func context(
        mode: ThresholdMode = .fixed(.default), labels: LabelSet = LabelSet(), evidence: SiteEvidence? = nil
    ) -> ReportContext {
        let analysis = FlowAnalysis(table: table, mode: mode)
        return ReportContext(
            analysis: analysis, saes: [], labels: labels,
            selection: PageSelection(analysis: analysis, seeds: [], budget: .all), topK: TopKTable(),
            planner: SteeringPlanner(graphs: analysis.graphs, thresholds: [:], hooks: [:]),
            steering: SiteOptions().steering, warnings: [], evidence: evidence)
    }
}
