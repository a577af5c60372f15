import CanonicalOutput
import FlowCore
import SiteKit

/// One page per layer: class counts, score distributions, and each class's features ranked.
enum LayerPage {
    static let root = "../"
    static let featureBase = "../features/"
    /// Features listed per class (the full layer is in the layer CSV).
    static let listed = 25

    static func model(
        _ stats: LayerStatistics, context: ReportContext, histogramSVG: String, layers: [Int]
    ) throws -> PageModel {
        let scores = context.analysis.table[stats.layer]!
        let classes: [[String: Any]] = context.analysis.classification.reportedClasses.map { originClass in
            let top = Ranking.top(originClass, in: scores, analysis: context.analysis, limit: listed)
            return [
                "class": PageValues.originClass(originClass), "count": stats.classCounts[originClass] ?? 0,
                "percent": percent(stats.classCounts[originClass] ?? 0, of: stats.featureCount),
                "rows": top.map { id -> [String: Any] in
                    var row = PageValues.feature(id, context, base: featureBase)
                    row["sR"] = PageValues.cosine(scores.res?[id.index]?.cosine)
                    row["sM"] = PageValues.cosine(scores.mlp?[id.index]?.cosine)
                    row["sA"] = PageValues.cosine(scores.att?[id.index]?.cosine)
                    let span = context.analysis.lifespans.span(of: id)
                    row["lifespan"] = span.map { "\($0.lowerBound)–\($0.upperBound)" } ?? "-"
                    return row
                },
                "more": (stats.classCounts[originClass] ?? 0) > listed,
            ]
        }
        let t = stats.thresholds
        var page: [String: Any] = [
            "layer": stats.layer, "featureCount": stats.featureCount, "classes": classes,
            "histograms": histogramSVG, "births": stats.births, "ends": stats.ends,
            "thresholds": "t_R = \(Fmt.score(t.res)), t_M = \(Fmt.score(t.mlp)), t_A = \(Fmt.score(t.att))",
            "csv": root + SiteLinks.layerCSV(stats.layer), "listed": listed,
            "notes": Caveats.layerNotes(stats.layer, context: context),
            "saes": [HookSite.res, .mlp, .att].compactMap { site -> [String: Any]? in
                guard let sae = context.sae(layer: stats.layer, site: site) else { return nil }
                return ["site": site.rawValue, "hook": sae.hookName, "dSAE": sae.dSAE, "format": sae.format]
            },
        ]
        if let evidence = try EvidencePage.summary(context, layer: stats.layer, root: root) {
            page["evidence"] = evidence
        }
        if let index = layers.firstIndex(of: stats.layer) {
            if index > 0 { page["previous"] = ["layer": layers[index - 1], "href": "\(layers[index - 1]).html"] }
            if index + 1 < layers.count {
                page["next"] = ["layer": layers[index + 1], "href": "\(layers[index + 1]).html"]
            }
        }
        return PageModel(
            path: SiteLinks.layerPage(stats.layer), title: "Layer \(stats.layer)", template: "layer", context: page,
            description: "Origin classes and feature flow at layer \(stats.layer)")
    }

    static func percent(_ count: Int, of total: Int) -> String {
        total == 0 ? "0.0" : Fmt.fixed(100 * Double(count) / Double(total), digits: 1)
    }
}
