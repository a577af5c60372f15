import CanonicalOutput
import FlowCore
import SiteKit

/// The Evidence page (activation groups over depth, the deactivation table in the paper's Table 1 form, the r
/// sweep, with sample sizes, text sources and seeds), and the evidence parts of the index and layer pages: per-SAE
/// quality with a warning under FVE 0.5, and a layer's group bars. Nothing here renders without an evidence run.
enum EvidencePage {
    static let path = "evidence.html"
    /// Below this fraction of variance explained an SAE is flagged (wrongly loaded or mismatched).
    static let fveWarning = 0.5
    /// The removal modes of the deactivation experiment, in the paper's row order.
    static let modes = ["top1", "top5", "random5"]

    /// The site navigation with the Evidence page (before Search) when there is evidence.
    static func navigation(_ base: [NavigationLink], context: ReportContext) -> [NavigationLink] {
        guard context.evidence != nil else { return base }
        var links = base
        let link = NavigationLink(title: "Evidence", href: path)
        if let search = links.firstIndex(where: { $0.href == "search.html" }) {
            links.insert(link, at: search)
        } else {
            links.append(link)
        }
        return links
    }

    /// Quality rows (layer, site, tokens, FVE, L0, dead, dense, warning) of `rows`.
    static func quality(_ rows: [SAEEvidence]) -> [EvidenceSummary.Quality] {
        rows.map { q in
            .init(
                layer: q.layer, site: q.hookSite.rawValue, tokens: PageValues.count(q.tokens),
                fve: Fmt.fixed(q.fve, digits: 3), l0: Fmt.fixed(q.l0, digits: 1),
                dead: PageValues.percent(q.deadFraction), dense: PageValues.percent(q.denseFraction),
                low: q.fve < fveWarning)
        }
    }

    /// Warnings for SAEs whose FVE is below 0.5.
    static func qualityWarnings(_ rows: [SAEEvidence]) -> [String] {
        rows.filter { $0.fve < fveWarning }.map { q in
            "The \(q.hookSite.rawValue) SAE of layer \(q.layer) explains only \(Fmt.fixed(q.fve, digits: 3)) of the "
                + "variance on the evidence text (below \(Fmt.fixed(fveWarning, digits: 1))): it may be loaded wrongly "
                + "or not match this model, and its matches and evidence are suspect."
        }
    }

    /// The evidence values of the index and layer pages (nil without evidence); `layer` limits them to one layer.
    static func summary(_ context: ReportContext, layer: Int? = nil, root: String) throws -> EvidenceSummary? {
        guard let evidence = context.evidence else { return nil }
        let rows = evidence.quality.filter { layer == nil || $0.layer == layer }
        var summary = EvidenceSummary(
            quality: quality(rows), qualityWarnings: qualityWarnings(rows), href: root + path,
            tokens: PageValues.count(evidence.run.tokens), texts: evidence.run.texts.joined(separator: ", "))
        if let layer {
            let groups = evidence.groups.filter { $0.layer == layer }
            if !groups.isEmpty {
                let bars = [1, 5].map { k in
                    StackedShareChart.Bar(label: "top-\(k)", values: values(groups, predecessors: k))
                }
                summary.groupChart = HTMLFragment(
                    html: try chart(title: "Activation groups at layer \(layer)", bars: bars).inlineSVG())
                summary.groupRows = groupRows(groups, layers: [layer])
                summary.legend = legend
            }
        }
        return summary
    }

    /// Events per group (in the declared order) of one predecessor count.
    static func values(_ groups: [GroupCount], predecessors: Int) -> [Double] {
        ActivationGroup.allCases.map { group in
            Double(groups.filter { $0.predecessors == predecessors && $0.group == group }.reduce(0) { $0 + $1.events })
        }
    }

    static func chart(title: String, bars: [StackedShareChart.Bar]) -> StackedShareChart {
        StackedShareChart(title: title, series: ActivationGroup.allCases.map(\.rawValue), bars: bars)
    }

    /// The legend of the group charts: each group's name and colour (`k<i>`).
    static var legend: [EvidenceSummary.LegendItem] {
        ActivationGroup.allCases.enumerated().map { .init(name: $1.rawValue, index: $0) }
    }

    /// Table rows: layer, predecessors, events, and the share of each group.
    static func groupRows(_ groups: [GroupCount], layers: [Int]) -> [EvidenceSummary.GroupRow] {
        layers.flatMap { layer in
            [1, 5].compactMap { k -> EvidenceSummary.GroupRow? in
                let v = values(groups.filter { $0.layer == layer }, predecessors: k)
                let total = v.reduce(0, +)
                guard total > 0 else { return nil }
                return .init(
                    layer: layer, k: k, events: PageValues.count(Int(total)),
                    shares: v.map { PageValues.percent($0 / total) })
            }
        }
    }

    /// The Evidence page; nil without evidence.
    static func model(_ context: ReportContext) throws -> PageModel? {
        guard let evidence = context.evidence else { return nil }
        let run = evidence.run
        let layers = Array(Set(evidence.groups.map(\.layer))).sorted()
        var page = EvidencePageModel(
            source: run.source, model: run.model ?? "", hasModel: run.model != nil,
            texts: run.texts.joined(separator: ", "), sequences: PageValues.count(run.sequences),
            tokens: PageValues.count(run.tokens), context: run.context, seed: run.seed, parameters: run.parameters,
            quality: quality(evidence.quality), qualityWarnings: qualityWarnings(evidence.quality), legend: legend,
            groupRows: groupRows(evidence.groups, layers: layers), hasGroups: !layers.isEmpty)
        if !layers.isEmpty {
            page.groupCharts = try [1, 5].map { k in
                let bars = layers.map { layer in
                    StackedShareChart.Bar(
                        label: String(layer),
                        values: values(evidence.groups.filter { $0.layer == layer }, predecessors: k),
                        href: SiteLinks.layerPage(layer))
                }
                let title = "Activation groups per layer, top-\(k) predecessors (share of events)"
                return .init(title: title, svg: HTMLFragment(html: try chart(title: title, bars: bars).inlineSVG()))
            }
        }
        let table = DeactivationTable(evidence.deactivations)
        if !table.layers.isEmpty {
            page.deactivation = table.model
            page.sweep = HTMLFragment(html: try table.sweepChart().inlineSVG())
        }
        return PageModel(
            path: path, title: "Evidence", template: "evidence", model: page,
            description: "Run-time evidence: activation groups, co-activation and deactivation per layer")
    }
}
