import CanonicalOutput
import FlowCore
import SiteKit

/// The overview: inputs and their checksums, thresholds, class bars and score histograms per layer,
/// links to every layer and concept page, and what was left out.
enum IndexPage {
    static func model(
        _ context: ReportContext, stats: [LayerStatistics], classBarsSVG: String, histogramsSVG: String,
        residualTotal: Int, options: SiteOptions
    ) throws -> PageModel {
        let analysis = context.analysis
        let models = Set(context.saes.compactMap { $0.neuronpediaID?.split(separator: "/").first.map(String.init) })
        let page = IndexPageModel(
            version: FlowCore.version, model: models.sorted().joined(separator: ", "), hasModel: !models.isEmpty,
            saes: context.saes.map { sae in
                .init(
                    layer: sae.layer, site: sae.hookSite.rawValue, format: sae.format, hook: sae.hookName, dIn: sae.dIn,
                    dSAE: sae.dSAE, dtype: sae.dtype, architecture: sae.architecture, path: sae.path,
                    sha256: sae.sha256, sha: String(sae.sha256.prefix(12)), neuronpedia: sae.neuronpediaID ?? "",
                    projected: sae.projected)
            },
            mode: analysis.mode.summary, matchModes: context.matchModes,
            persistence: PageValues.persistence(analysis),
            leafThreshold: Fmt.score(analysis.graphs.parameters.leafThreshold),
            strongLink: Fmt.score(analysis.graphs.parameters.strongLink),
            steeringLeaf: Fmt.score(analysis.graphs.parameters.steeringLeafThreshold),
            classBars: HTMLFragment(html: classBarsSVG), histograms: HTMLFragment(html: histogramsSVG),
            layers: stats.map { s in
                .init(
                    layer: s.layer, href: SiteLinks.layerPage(s.layer), features: s.featureCount,
                    translated: s.classCounts[.translated] ?? 0, processed: s.classCounts[.processed] ?? 0,
                    newbornMLP: s.classCounts[.newbornMLP] ?? 0, newbornAtt: s.classCounts[.newbornAtt] ?? 0,
                    newbornBoth: s.classCounts[.newbornBoth] ?? 0, unexplained: s.classCounts[.unexplained] ?? 0,
                    unknown: s.classCounts[.unknown] ?? 0,
                    thresholds:
                        "\(Fmt.score(s.thresholds.res)) / \(Fmt.score(s.thresholds.mlp)) / \(Fmt.score(s.thresholds.att))"
                )
            },
            classes: analysis.classification.reportedClasses.map(ClassBadge.init),
            hasUnknown: !analysis.classification.gaps.isEmpty, gaps: Caveats.gaps(analysis),
            uncertain: Caveats.uncertain(context), revisions: Caveats.revisions(context), warnings: context.warnings,
            rendered: context.selection.residual.count, residualTotal: residualTotal,
            modules: context.selection.modules.count, complete: context.selection.residual.count == residualTotal,
            labelled: context.labels.count, seeds: options.seeds.map { FeatureLinkRow($0, context, base: "features/") },
            database: SiteLinks.database, hasDatabase: options.includeDatabase,
            evidence: try EvidencePage.summary(context, root: ""))
        return PageModel(
            path: "index.html", title: "Overview", template: "index", model: page,
            description: "Feature flow across the layers of a language model, from its sparse autoencoders")
    }
}
