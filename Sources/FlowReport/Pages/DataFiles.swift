import CanonicalOutput
import FlowCore
import SiteKit

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
            let span = analysis.lifespans.span(of: FeatureID(layer: scores.layer, hookSite: .res, index: i))
            lines.append(
                [
                    String(scores.layer), String(i), classes[i].rawValue, cells(scores.res, i), cells(scores.mlp, i),
                    cells(scores.att, i), cells(scores.forward, i), span.map { String($0.lowerBound) } ?? "",
                    span.map { String($0.upperBound) } ?? "",
                ].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `section,position,rank,layer,site,index,value` rows for one feature page, as UTF-8 bytes (appended row by
    /// row: an array of lines joined at the end cost a third more).
    static func featureCSV(_ dossier: FeatureDossier) -> [UInt8] {
        var bytes = Array("section,position,rank,layer,site,index,value\n".utf8)
        bytes.reserveCapacity(8192)
        func cell(_ text: String, ending: UInt8 = UInt8(ascii: ",")) {
            bytes.append(contentsOf: text.utf8)
            bytes.append(ending)
        }
        func row(_ section: String, _ position: String, _ rank: String, _ id: FeatureID, _ value: String) {
            for text in [section, position, rank, String(id.layer), id.hookSite.rawValue, String(id.index)] {
                cell(text)
            }
            cell(value, ending: UInt8(ascii: "\n"))
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
                "steering", "scale", "", FeatureID(layer: entry.layer, hookSite: entry.hookSite, index: entry.feature),
                Fmt.score(entry.scale, digits: 6))
        }
        if let evidence = dossier.evidence { evidenceRows(evidence, id, row) }
        return bytes
    }

    /// The evidence rows of a feature's CSV: `evidence` (tokens, active, density, mean, max), one `histogram` row
    /// per bin (position = lower edge, rank = bin, value = count|to=upper edge), per context a `context` row
    /// (position = sequence:position, value = activation) and a `context-tokens` row (position = focus, value = the
    /// window as a JSON list of strings, quoted for CSV), per predecessor position a `coactivation` row (the
    /// predecessor; value = both active|target=…) and a `coactivation-random` row (the random feature).
    static func evidenceRows(
        _ evidence: DossierEvidence, _ id: FeatureID, _ row: (String, String, String, FeatureID, String) -> Void
    ) {
        row("evidence", "tokens", "", id, String(evidence.tokens))
        row("evidence", "active", "", id, String(evidence.active))
        row("evidence", "density", "", id, Fmt.score(evidence.density, digits: 6))
        row("evidence", "mean", "", id, Fmt.score(evidence.mean, digits: 6))
        row("evidence", "max", "", id, Fmt.score(evidence.max, digits: 6))
        let edges = evidence.histogram.edges
        for (bin, count) in evidence.histogram.counts.enumerated() where bin + 1 < edges.count {
            row(
                "histogram", Fmt.score(edges[bin], digits: 6), String(bin), id,
                "\(count)|to=\(Fmt.score(edges[bin + 1], digits: 6))")
        }
        for context in evidence.contexts {
            let rank = String(context.rank)
            row(
                "context", "\(context.sequence):\(context.position)", rank, id, Fmt.score(context.activation, digits: 6)
            )
            row("context-tokens", String(context.focus), rank, id, quotedCSV(CanonicalJSON.list(context.tokens)))
        }
        for hookSite in [HookSite.res, .mlp, .att] {
            guard let entry = evidence.coactivation[hookSite.rawValue] else { continue }
            row(
                "coactivation", hookSite.rawValue, "1", entry.predecessor,
                "\(entry.bothActive)|target=\(entry.targetActive)")
            row(
                "coactivation-random", hookSite.rawValue, "", entry.randomFeature,
                "\(entry.randomBothActive)|target=\(entry.targetActive)")
        }
    }

    /// A CSV cell (RFC 4180): quoted, inner quotes doubled, whenever it holds a comma, quote, CR or LF.
    /// Works on UTF-8 bytes: Foundation's `replacingOccurrences` was a fifth of a feature page's rendering time.
    static func quotedCSV(_ text: String) -> String {
        let bytes = text.utf8
        guard bytes.contains(where: { $0 == UInt8(ascii: ",") || $0 == quote || $0 == 0x0A || $0 == 0x0D }) else {
            return text
        }
        var quoted: [UInt8] = [quote]
        quoted.reserveCapacity(bytes.count + 16)
        for byte in bytes {
            quoted.append(byte)
            if byte == quote { quoted.append(quote) }
        }
        quoted.append(quote)
        return String(decoding: quoted, as: UTF8.self)
    }

    private static let quote = UInt8(ascii: "\"")
}
