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
        let classes = context.analysis.classification.reportedClasses.map { originClass in
            let top = Ranking.top(originClass, in: scores, analysis: context.analysis, limit: listed)
            let count = stats.classCounts[originClass] ?? 0
            return LayerPageModel.ClassGroup(
                class: ClassBadge(originClass), count: count, percent: percent(count, of: stats.featureCount),
                rows: top.map { row($0, scores: scores, context: context) }, more: count > listed)
        }
        let t = stats.thresholds
        let index = layers.firstIndex(of: stats.layer)
        let page = LayerPageModel(
            layer: stats.layer, featureCount: stats.featureCount, classes: classes,
            histograms: HTMLFragment(html: histogramSVG), births: stats.births, ends: stats.ends,
            thresholds: "t_R = \(Fmt.score(t.res)), t_M = \(Fmt.score(t.mlp)), t_A = \(Fmt.score(t.att))",
            csv: root + SiteLinks.layerCSV(stats.layer), listed: listed,
            notes: Caveats.layerNotes(stats.layer, context: context),
            saes: [HookSite.res, .mlp, .att].compactMap { hookSite in
                context.sae(layer: stats.layer, hookSite: hookSite).map {
                    .init(site: hookSite.rawValue, hook: $0.hookName, dSAE: $0.dSAE, format: $0.format)
                }
            },
            evidence: try EvidencePage.summary(context, layer: stats.layer, root: root),
            previous: index.flatMap { $0 > 0 ? .init(layer: layers[$0 - 1], href: "\(layers[$0 - 1]).html") : nil },
            next: index.flatMap {
                $0 + 1 < layers.count ? .init(layer: layers[$0 + 1], href: "\(layers[$0 + 1]).html") : nil
            })
        return PageModel(
            path: SiteLinks.layerPage(stats.layer), title: "Layer \(stats.layer)", template: "layer", model: page,
            description: "Origin classes and feature flow at layer \(stats.layer)")
    }

    /// A listed feature: its link and scores.
    static func row(_ id: FeatureID, scores: LayerScores, context: ReportContext) -> LayerPageModel.Row {
        let hasPage = context.selection.hasPage(id)
        let label = context.labels[id].first?.text ?? ""
        let span = context.analysis.lifespans.span(of: id)
        return .init(
            id: id.description, hasPage: hasPage, href: hasPage ? featureBase + SiteLinks.featureFile(id) : "",
            label: label, hasLabel: !label.isEmpty, sR: PageValues.cosine(scores.res?[id.index]?.cosine),
            sM: PageValues.cosine(scores.mlp?[id.index]?.cosine), sA: PageValues.cosine(scores.att?[id.index]?.cosine),
            lifespan: span.map { "\($0.lowerBound)–\($0.upperBound)" } ?? "-")
    }

    static func percent(_ count: Int, of total: Int) -> String {
        total == 0 ? "0.0" : Fmt.fixed(100 * Double(count) / Double(total), digits: 1)
    }
}
