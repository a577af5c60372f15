import CanonicalOutput
import FlowCore
import FlowExport
import SiteKit

/// The three concept pages: persistence, transformation, emergence.
enum ConceptPages {
    static let root = ""
    static let featureBase = "features/"
    static let perLayer = 10

    static func persistence(_ context: ReportContext, stats: [LayerStatistics], lifespanSVG: String) -> PageModel {
        let chains = Ranking.longestChainSpans(context.analysis, limit: 50).map { id, span -> [String: Any] in
            var row = PageValues.feature(id, context, base: featureBase)
            row["birth"] = span.lowerBound
            row["end"] = span.upperBound
            row["length"] = span.count
            row["bornAs"] = PageValues.originClass(context.analysis.classification.originClass(of: id))
            return row
        }
        let page: [String: Any] = [
            "chart": lifespanSVG, "chains": chains,
            "persistence": PageValues.persistence(context.analysis),
            "layers": stats.map { ["layer": $0.layer, "births": $0.births, "ends": $0.ends] },
            "gaps": Caveats.gaps(context.analysis),
        ]
        return PageModel(
            path: "persistence.html", title: "Persistence", template: "persistence", context: page,
            description: "Which features live longest across layers")
    }

    static func transformation(_ context: ReportContext, stats: [LayerStatistics], chartSVG: String) -> PageModel {
        let layers = context.analysis.table.layers.map { scores -> [String: Any] in
            let top = Ranking.top(.processed, in: scores, analysis: context.analysis, limit: perLayer)
            return [
                "layer": scores.layer, "href": SiteLinks.layerPage(scores.layer),
                "count": stats.first { $0.layer == scores.layer }?.classCounts[.processed] ?? 0,
                "rows": top.map { id -> [String: Any] in
                    var row = PageValues.feature(id, context, base: featureBase)
                    row["sR"] = PageValues.cosine(scores.res?[id.index]?.cosine)
                    row["sM"] = PageValues.cosine(scores.mlp?[id.index]?.cosine)
                    row["sA"] = PageValues.cosine(scores.att?[id.index]?.cosine)
                    return row
                },
            ]
        }
        return PageModel(
            path: "transformation.html", title: "Transformation", template: "transformation",
            context: [
                "chart": chartSVG, "layers": layers, "perLayer": perLayer, "gaps": Caveats.gaps(context.analysis),
                "uncertain": Caveats.uncertain(context),
            ],
            description: "Features changed by an MLP or attention block, per layer")
    }

    static func emergence(_ context: ReportContext, stats: [LayerStatistics], chartSVG: String) -> PageModel {
        let layers = context.analysis.table.layers.map { scores -> [String: Any] in
            let counts = stats.first { $0.layer == scores.layer }?.classCounts ?? [:]
            let newborn: [OriginClass] = [.newbornMLP, .newbornAtt, .newbornBoth]
            let top = newborn.flatMap { Ranking.top($0, in: scores, analysis: context.analysis, limit: 4) }
            return [
                "layer": scores.layer, "href": SiteLinks.layerPage(scores.layer),
                "mlp": counts[.newbornMLP] ?? 0, "att": counts[.newbornAtt] ?? 0, "both": counts[.newbornBoth] ?? 0,
                "unexplained": counts[.unexplained] ?? 0, "unknown": counts[.unknown] ?? 0,
                "rows": top.map { id -> [String: Any] in
                    var row = PageValues.feature(id, context, base: featureBase)
                    row["class"] = PageValues.originClass(context.analysis.classification.originClass(of: id))
                    row["sM"] = PageValues.cosine(scores.mlp?[id.index]?.cosine)
                    row["sA"] = PageValues.cosine(scores.att?[id.index]?.cosine)
                    return row
                },
            ]
        }
        return PageModel(
            path: "emergence.html", title: "Emergence", template: "emergence",
            context: [
                "chart": chartSVG, "layers": layers, "hasUnknown": !context.analysis.classification.gaps.isEmpty,
                "gaps": Caveats.gaps(context.analysis), "uncertain": Caveats.uncertain(context),
            ],
            description: "Where new features are born: MLP or attention, per layer")
    }

    /// How steering plans are built and applied, with the Python snippet (shared by every feature page).
    static func steering(_ context: ReportContext, options: SiteOptions) -> PageModel {
        let request = options.steering
        let example = context.selection.residual.lazy.compactMap { id -> SteeringPlan? in
            var seeded = request
            seeded.seed = id
            return try? context.planner.plan(seeded)
        }.first
        let snippet = example?.pythonSnippet(planFile: "data/features/<L>-res-<i>.json") ?? ""
        return PageModel(
            path: "steering.html", title: "Steering", template: "steering",
            context: [
                "strategy": request.strategy.rawValue, "schedule": request.schedule.name,
                "operation": request.operation.rawValue, "strength": Fmt.score(request.strength),
                "python": snippet, "hasPython": !snippet.isEmpty,
                "strongLink": Fmt.score(context.analysis.graphs.parameters.strongLink),
                "steeringLeaf": Fmt.score(context.analysis.graphs.parameters.steeringLeafThreshold),
            ],
            description: "Steering plans along flow graphs and how to apply them")
    }
}
