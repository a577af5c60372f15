import CanonicalOutput
import FlowCore

/// The CSV downloads: every number a page shows, in long form.
enum DataFiles {
    /// One row per residual feature of a layer: scores, best predecessors, forward match, class, lifespan.
    static func layerCSV(_ scores: LayerScores, analysis: FlowAnalysis) -> String {
        var lines = ["layer,feature,class,s_res,p_res,s_mlp,p_mlp,s_att,p_att,s_forward,p_forward,birth,end"]
        let classes = analysis.classification.classes[scores.layer] ?? []
        func cells(_ column: TopOneColumn?, _ i: Int) -> String {
            guard let match = column?[i] else { return "," }
            return "\(Fmt.score(match.cosine, digits: 6)),\(match.index)"
        }
        for i in 0..<scores.count {
            let span = analysis.lifespans.span(of: FeatureID(layer: scores.layer, site: .res, index: i))
            lines.append(
                [
                    String(scores.layer), String(i), classes[i].rawValue, cells(scores.res, i), cells(scores.mlp, i),
                    cells(scores.att, i), cells(scores.forward, i), span.map { String($0.lowerBound) } ?? "",
                    span.map { String($0.upperBound) } ?? "",
                ].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `section,position,rank,layer,site,index,value` rows for one feature page.
    static func featureCSV(_ dossier: FeatureDossier) -> String {
        var lines = ["section,position,rank,layer,site,index,value"]
        func row(_ section: String, _ position: String, _ rank: String, _ id: FeatureID, _ value: String) {
            lines.append("\(section),\(position),\(rank),\(id.layer),\(id.site.rawValue),\(id.index),\(value)")
        }
        let id = dossier.id
        row("score", "res-backward", "1", id, Fmt.score(dossier.scores.res, digits: 6))
        row("score", "mlp", "1", id, Fmt.score(dossier.scores.mlp, digits: 6))
        row("score", "att", "1", id, Fmt.score(dossier.scores.att, digits: 6))
        row("threshold", "res-backward", "", id, Fmt.score(dossier.thresholds.res, digits: 6))
        row("threshold", "mlp", "", id, Fmt.score(dossier.thresholds.mlp, digits: 6))
        row("threshold", "att", "", id, Fmt.score(dossier.thresholds.att, digits: 6))
        for position in MatchPosition.allCases {
            for match in dossier.matches[position.rawValue] ?? [] {
                row("match", position.rawValue, String(match.rank), match.id, Fmt.score(match.cosine, digits: 6))
            }
        }
        for edge in dossier.graph.edges {
            row("graph-edge", edge.kind.rawValue, "", edge.to, Fmt.score(edge.cosine, digits: 6) + "|from=\(edge.from)")
        }
        row("lifespan", "birth", "", id, String(dossier.lifespan.birth))
        row("lifespan", "end", "", id, String(dossier.lifespan.end))
        for link in dossier.descendants {
            row("descendant", "res-forward", "", link.id, Fmt.score(link.cosine, digits: 6))
        }
        for entry in dossier.steering?.entries ?? [] {
            row(
                "steering", "scale", "", FeatureID(layer: entry.layer, site: entry.site, index: entry.feature),
                Fmt.score(entry.scale, digits: 6))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
