import CanonicalOutput
import FlowCore
import FlowExport
import SiteKit

/// The three concept pages: persistence, transformation, emergence; and the steering page.
enum ConceptPages {
    static let root = ""
    static let featureBase = "features/"
    static let perLayer = 10

    static func persistence(_ context: ReportContext, stats: [LayerStatistics], lifespanSVG: String) -> PageModel {
        let chains = Ranking.longestChainSpans(context.analysis, limit: 50).map { id, span in
            let link = FeatureLinkRow(id, context, base: featureBase)
            return ConceptPageModels.Persistence.Chain(
                id: link.id, hasPage: link.hasPage, href: link.href, label: link.label, hasLabel: link.hasLabel,
                birth: span.lowerBound, end: span.upperBound, length: span.count,
                bornAs: ClassBadge(context.analysis.classification.originClass(of: id)))
        }
        let page = ConceptPageModels.Persistence(
            chart: HTMLFragment(html: lifespanSVG), chains: chains,
            persistence: PageValues.persistence(context.analysis),
            layers: stats.map { .init(layer: $0.layer, births: $0.births, ends: $0.ends) },
            gaps: Caveats.gaps(context.analysis))
        return PageModel(
            path: "persistence.html", title: "Persistence", template: "persistence", model: page,
            description: "Which features live longest across layers")
    }

    static func transformation(_ context: ReportContext, stats: [LayerStatistics], chartSVG: String) -> PageModel {
        let layers = context.analysis.table.layers.map { scores in
            let top = Ranking.top(.processed, in: scores, analysis: context.analysis, limit: perLayer)
            return ConceptPageModels.Transformation.Layer(
                layer: scores.layer, href: SiteLinks.layerPage(scores.layer),
                count: stats.first { $0.layer == scores.layer }?.classCounts[.processed] ?? 0,
                rows: top.map { id in
                    let link = FeatureLinkRow(id, context, base: featureBase)
                    return .init(
                        id: link.id, hasPage: link.hasPage, href: link.href, label: link.label,
                        hasLabel: link.hasLabel, sR: PageValues.cosine(scores.res?[id.index]?.cosine),
                        sM: PageValues.cosine(scores.mlp?[id.index]?.cosine),
                        sA: PageValues.cosine(scores.att?[id.index]?.cosine))
                })
        }
        let page = ConceptPageModels.Transformation(
            chart: HTMLFragment(html: chartSVG), layers: layers, perLayer: perLayer,
            gaps: Caveats.gaps(context.analysis), uncertain: Caveats.uncertain(context))
        return PageModel(
            path: "transformation.html", title: "Transformation", template: "transformation", model: page,
            description: "Features changed by an MLP or attention block, per layer")
    }

    static func emergence(_ context: ReportContext, stats: [LayerStatistics], chartSVG: String) -> PageModel {
        let layers = context.analysis.table.layers.map { scores in
            let counts = stats.first { $0.layer == scores.layer }?.classCounts ?? [:]
            let newborn: [OriginClass] = [.newbornMLP, .newbornAtt, .newbornBoth]
            let top = newborn.flatMap { Ranking.top($0, in: scores, analysis: context.analysis, limit: 4) }
            return ConceptPageModels.Emergence.Layer(
                layer: scores.layer, href: SiteLinks.layerPage(scores.layer), mlp: counts[.newbornMLP] ?? 0,
                att: counts[.newbornAtt] ?? 0, both: counts[.newbornBoth] ?? 0,
                unexplained: counts[.unexplained] ?? 0, unknown: counts[.unknown] ?? 0,
                rows: top.map { id in
                    let link = FeatureLinkRow(id, context, base: featureBase)
                    return .init(
                        id: link.id, hasPage: link.hasPage, href: link.href, label: link.label,
                        hasLabel: link.hasLabel,
                        class: ClassBadge(context.analysis.classification.originClass(of: id)),
                        sM: PageValues.cosine(scores.mlp?[id.index]?.cosine),
                        sA: PageValues.cosine(scores.att?[id.index]?.cosine))
                })
        }
        let page = ConceptPageModels.Emergence(
            chart: HTMLFragment(html: chartSVG), layers: layers,
            hasUnknown: !context.analysis.classification.gaps.isEmpty, gaps: Caveats.gaps(context.analysis),
            uncertain: Caveats.uncertain(context))
        return PageModel(
            path: "emergence.html", title: "Emergence", template: "emergence", model: page,
            description: "Where new features are born: MLP or attention, per layer")
    }

    /// How steering plans are built and applied, with the Python snippet (shared by every feature page), and the
    /// list of stored steering themes.
    static func steering(
        _ context: ReportContext, options: SiteOptions, themes: [SteeringThemePage.ThemeRow] = []
    ) -> PageModel {
        let request = options.steering
        let example = context.selection.residual.lazy.compactMap { id -> SteeringPlan? in
            var seeded = request
            seeded.seed = id
            return try? context.planner.plan(seeded)
        }.first
        let snippet = example?.pythonSnippet(planFile: "data/features/<L>-res-<i>.json") ?? ""
        let page = ConceptPageModels.Steering(
            strategy: request.strategy.rawValue, schedule: request.schedule.name,
            operation: request.operation.rawValue, strength: Fmt.score(request.strength), python: snippet,
            hasPython: !snippet.isEmpty, strongLink: Fmt.score(context.analysis.graphs.parameters.strongLink),
            steeringLeaf: Fmt.score(context.analysis.graphs.parameters.steeringLeafThreshold), themes: themes,
            hasThemes: !themes.isEmpty)
        return PageModel(
            path: "steering.html", title: "Steering", template: "steering", model: page,
            description: "Steering plans along flow graphs and how to apply them")
    }
}
