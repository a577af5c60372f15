import FlowCore
import SiteKit

/// Which feature pages a site renders (REPORT.md "Page budget"): by default the user's seeds, the top
/// features of every class and layer, the longest-lived chains, and every node of their flow graphs;
/// or every residual feature.
public struct PageSelection: Sendable {
    /// How many pages to render.
    public enum Budget: Sendable, Equatable {
        /// Seeds + top `perClass` features of each class at each layer + `longestChains` + their graph nodes.
        case standard(perClass: Int, longestChains: Int)
        /// Every residual feature.
        case all

        /// The default budget.
        public static let `default` = Budget.standard(perClass: 3, longestChains: 20)
    }

    /// Residual features with a page, sorted.
    public private(set) var residual: [FeatureID]
    /// MLP/attention features with a (short) page: leaves of rendered graphs, sorted.
    public private(set) var modules: [FeatureID]
    private var rendered: Set<FeatureID>

    /// Chooses pages for `analysis` under `budget`.
    public init(analysis: FlowAnalysis, seeds: [FeatureID], budget: Budget) {
        var chosen = Set<FeatureID>()
        var roots: [FeatureID] = seeds.filter { analysis.table.contains($0) }
        switch budget {
        case .all:
            for scores in analysis.table.layers {
                for i in 0..<scores.count { chosen.insert(FeatureID(layer: scores.layer, hookSite: .res, index: i)) }
            }
        case .standard(let perClass, let longestChains):
            for scores in analysis.table.layers {
                for originClass in OriginClass.allCases {
                    roots += Ranking.top(originClass, in: scores, analysis: analysis, limit: perClass)
                }
            }
            roots += Ranking.longestChains(analysis, limit: longestChains)
        }
        var modules = Set<FeatureID>()
        for root in roots {
            guard let graph = analysis.graphs.graph(seed: root) else { continue }
            for node in graph.nodes {
                if node.id.hookSite == .res { chosen.insert(node.id) } else { modules.insert(node.id) }
            }
        }
        if case .all = budget {
            // Every residual page shows its leaves, so every leaf gets a page too.
            for id in chosen {
                for (leaf, _) in analysis.graphs.leaves(of: id, threshold: analysis.graphs.parameters.leafThreshold) {
                    modules.insert(leaf)
                }
            }
        }
        residual = chosen.sorted()
        self.modules = modules.sorted()
        rendered = chosen.union(modules)
    }

    /// Whether `feature` has a page in this site.
    public func hasPage(_ feature: FeatureID) -> Bool { rendered.contains(feature) }

    /// Number of feature pages.
    public var count: Int { residual.count + modules.count }
}
