import FlowCore
import SiteKit

/// How features are ranked on layer and concept pages (the order is stated on the pages).
public enum Ranking {
    /// The score a feature of a class is ranked by: s(R) for translated; the strongest module score
    /// for processed and newborn features; for unexplained, the lowest best score comes first
    /// (the most clearly unexplained).
    public static func score(_ originClass: OriginClass, _ scores: LayerScores, _ i: Int) -> Float {
        func value(_ column: TopOneColumn?) -> Float {
            guard let v = column?.cosines[i], !v.isNaN else { return -1 }
            return v
        }
        switch originClass {
        case .translated: return value(scores.res)
        case .processed, .newbornBoth: return max(value(scores.mlp), value(scores.att))
        case .newbornMLP: return value(scores.mlp)
        case .newbornAtt: return value(scores.att)
        case .unexplained: return -max(value(scores.res), value(scores.mlp), value(scores.att))
        case .unknown: return max(value(scores.mlp), value(scores.att))
        }
    }

    /// The top `limit` features of `originClass` at one layer, best first (ties: lower index).
    public static func top(_ originClass: OriginClass, in scores: LayerScores, analysis: FlowAnalysis, limit: Int)
        -> [FeatureID]
    {
        guard limit > 0, let classes = analysis.classification.classes[scores.layer] else { return [] }
        let members = (0..<scores.count).filter { classes[$0] == originClass }
        let ranked = members.map { ($0, score(originClass, scores, $0)) }
            .sorted { ($1.1, $0.0) < ($0.1, $1.0) }
        return ranked.prefix(limit).map { FeatureID(layer: scores.layer, hookSite: .res, index: $0.0) }
    }

    /// Features born at their layer whose chains live longest: (feature, span), longest first.
    public static func longestChainSpans(_ analysis: FlowAnalysis, limit: Int) -> [(FeatureID, ClosedRange<Int>)] {
        var all: [(FeatureID, ClosedRange<Int>)] = []
        for scores in analysis.table.layers {
            guard let births = analysis.lifespans.birth[scores.layer], let ends = analysis.lifespans.end[scores.layer]
            else { continue }
            for i in 0..<scores.count where Int(births[i]) == scores.layer {
                all.append((FeatureID(layer: scores.layer, hookSite: .res, index: i), Int(births[i])...Int(ends[i])))
            }
        }
        all.sort { ($1.1.count, $0.0) < ($0.1.count, $1.0) }
        return Array(all.prefix(limit))
    }

    /// The features of `longestChainSpans`.
    public static func longestChains(_ analysis: FlowAnalysis, limit: Int) -> [FeatureID] {
        longestChainSpans(analysis, limit: limit).map(\.0)
    }
}
