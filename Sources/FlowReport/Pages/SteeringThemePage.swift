import CanonicalOutput
import FlowCore
import Foundation
import SiteKit

/// The steering pages (docs/steering.md): one page per theme stored in the flow database — the seeds'
/// flow graphs, the sweep's plans, curves of B, C and the combined score per strategy, and the generated
/// texts beside the baseline's — and the list of themes for `steering.html`. A database without
/// steering tables, or without runs (no model), gives the pages it can: plans only, or nothing.
enum SteeringThemePage {
    /// `steering-<slug>.html`.
    static func path(_ theme: SteeringTheme) -> String { "steering-\(theme.slug).html" }

    /// Coherence floor of the "at equal coherence" comparison.
    static let coherenceFloor = 0.7

    /// A row of the theme list on `steering.html`.
    struct ThemeRow: Codable {
        /// The theme's page.
        var href: String
        /// Its name.
        var name: String
        /// promote or suppress.
        var direction: String
        /// Its seeds.
        var seeds: String
        /// Plans stored.
        var plans: Int
        /// Plans with a run.
        var runs: Int
        /// The baseline's score ("—" without).
        var baseline: String
        /// The best plan's score ("—" without).
        var best: String
    }

    /// The pages and the rows of the theme list.
    static func models(database: FlowDatabase, context: ReportContext) throws -> (
        pages: [PageModel], rows: [ThemeRow]
    ) {
        var pages: [PageModel] = []
        var rows: [ThemeRow] = []
        for record in try database.steeringThemes() {
            let plans = try database.steeringPlans(theme: record.theme.name)
            let runs =
                try record.configKey.map { try database.steeringRuns(theme: record.theme.name, configKey: $0) } ?? []
            let page = try model(record, plans: plans, runs: runs, context: context)
            pages.append(page)
            let byKey = Dictionary(runs.map { ($0.planKey, $0) }, uniquingKeysWith: { first, _ in first })
            rows.append(
                ThemeRow(
                    href: path(record.theme), name: record.theme.name, direction: record.theme.direction.rawValue,
                    seeds: record.seeds.map(\.description).joined(separator: " "), plans: plans.count,
                    runs: plans.filter { byKey[$0.planKey] != nil }.count,
                    baseline: byKey[SteeringRunRecord.baselineKey].map { score($0.score) } ?? "—",
                    best: plans.compactMap { byKey[$0.planKey]?.score }.max().map(score) ?? "—"))
        }
        return (pages, rows)
    }

    static func score(_ value: Double) -> String { String(format: "%.3f", value) }

    static func label(_ plan: SteeringPlan) -> String {
        let request = plan.request
        let layer = request.strategy == .initialOnly ? "" : " l=\(request.layer.map(String.init) ?? "seed")"
        return
            "\(request.strategy.rawValue)\(layer) \(request.operation == .add ? "s" : "r")=\(Fmt.score(request.strength))"
    }

    /// One theme's page.
    static func model(
        _ record: SteeringThemeRecord, plans: [SteeringPlanRecord], runs: [SteeringRunRecord], context: ReportContext
    ) throws -> PageModel {
        let theme = record.theme
        let byKey = Dictionary(runs.map { ($0.planKey, $0) }, uniquingKeysWith: { first, _ in first })
        let baseline = byKey[SteeringRunRecord.baselineKey]
        var diagrams: [SteeringThemePageModel.Diagram] = []
        for seed in record.seeds {
            guard let graph = context.analysis.graphs.graph(seed: seed) else { continue }
            var renderer = FlowDiagramRenderer()
            renderer.idPrefix = "g\(diagrams.count)"
            let diagram = FlowDiagram(
                graph: graph, link: { context.selection.hasPage($0) ? SiteLinks.featurePage($0) : nil })
            diagrams.append(.init(seed: seed.description, svg: HTMLFragment(html: try renderer.inlineSVG(diagram))))
        }
        let symbol = theme.direction == .promote ? "s" : "r"
        let planRows = plans.map { planRow($0, run: byKey[$0.planKey], baseline: baseline) }
        var curves: [String] = []
        if !runs.isEmpty {
            curves = try self.curves(theme: theme, plans: plans, byKey: byKey, symbol: symbol)
        }
        let seeds = record.seeds.map {
            SteeringThemePageModel.Seed(
                id: $0.description, href: SiteLinks.featurePage($0), hasPage: context.selection.hasPage($0))
        }
        let model = SteeringThemePageModel(
            name: theme.name, direction: theme.direction.rawValue, seeds: seeds,
            givenSeeds: theme.seeds.map(\.description).joined(separator: ", "),
            keywords: (theme.keywords ?? []).joined(separator: ", "), hasKeywords: !(theme.keywords ?? []).isEmpty,
            prompt: theme.prompt ?? "", hasPrompt: theme.prompt != nil,
            heldOut: record.heldOut.count, heldOutList: record.heldOut.map(\.description).joined(separator: " "),
            diagrams: diagrams, plans: planRows, hasRuns: !runs.isEmpty, curves: curves.map(HTMLFragment.init(html:)),
            config: record.configJSON ?? "", symbol: symbol,
            comparison: comparison(theme: theme, plans: plans, byKey: byKey),
            baseline: baseline.map {
                .init(
                    coherence: score($0.coherence), presence: score($0.presence), score: score($0.score),
                    texts: textRows($0, baseline: nil))
            })
        return PageModel(
            path: path(theme), title: "Steering: \(theme.name)", template: "steering-theme", model: model,
            description: "Steering theme \(theme.name): plans, scores and generated texts")
    }

    /// One plan's row: its request, and its scores and texts when it was run.
    static func planRow(_ stored: SteeringPlanRecord, run: SteeringRunRecord?, baseline: SteeringRunRecord?)
        -> SteeringThemePageModel.Plan
    {
        var row = SteeringThemePageModel.Plan(
            label: label(stored.plan), strategy: stored.plan.request.strategy.rawValue,
            layer: stored.plan.request.layer.map(String.init) ?? "seed",
            strength: Fmt.score(stored.plan.request.strength), entries: stored.plan.entries.count,
            json: CanonicalJSON.string(stored.plan, pretty: true), hasRun: run != nil)
        if let run {
            row.coherence = score(run.coherence)
            row.presence = score(run.presence)
            row.presenceFeatures = run.presenceFeatures.map(score) ?? "—"
            row.presenceKeywords = run.presenceKeywords.map(score) ?? "—"
            row.score = score(run.score)
            row.texts = textRows(run, baseline: baseline)
        }
        return row
    }

    /// Each text of `run` beside the baseline's text for the same prompt and sample.
    static func textRows(_ run: SteeringRunRecord, baseline: SteeringRunRecord?) -> [SteeringThemePageModel.Text] {
        run.texts.map { text in
            let base = baseline?.texts.first { $0.promptIndex == text.promptIndex && $0.sample == text.sample }
            return .init(
                prompt: text.prompt, sample: text.sample, text: text.text, coherence: score(text.coherence),
                presence: score(text.presence), baselineText: base?.text ?? "", hasBaseline: base != nil)
        }
    }

    /// Per strategy: the best score, and the best presence among runs with C ≥ `coherenceFloor`.
    static func comparison(theme: SteeringTheme, plans: [SteeringPlanRecord], byKey: [String: SteeringRunRecord])
        -> [SteeringThemePageModel.Comparison]
    {
        SteeringRequest.Strategy.allCases.compactMap { strategy in
            let mine = plans.filter { $0.plan.request.strategy == strategy }.compactMap { plan in
                byKey[plan.planKey].map { (plan, $0) }
            }
            guard let top = mine.max(by: { $0.1.score < $1.1.score }) else { return nil }
            let coherent = mine.filter { $0.1.coherence >= coherenceFloor }
            let chosen =
                theme.direction == .promote
                ? coherent.max(by: { $0.1.presence < $1.1.presence })
                : coherent.min(by: { $0.1.presence < $1.1.presence })
            return SteeringThemePageModel.Comparison(
                strategy: strategy.rawValue, bestScore: score(top.1.score), bestPlan: label(top.0.plan),
                atFloor: chosen.map { "\(score($0.1.presence)) (\(label($0.0.plan)))" } ?? "no run with C ≥ 0.7")
        }
    }

    /// Curves against strength (mean over the sweep's layers) and against layer (at the middle strength).
    static func curves(
        theme: SteeringTheme, plans: [SteeringPlanRecord], byKey: [String: SteeringRunRecord], symbol: String
    ) throws -> [String] {
        let strengths = Array(Set(plans.map(\.plan.request.strength))).sorted()
        let layers = Array(Set(plans.compactMap(\.plan.request.layer))).sorted()
        let measures: [(String, (SteeringRunRecord) -> Double)] = [
            ("presence B", { $0.presence }), ("coherence C", { $0.coherence }), ("score", { $0.score }),
        ]
        let strategies = SteeringRequest.Strategy.allCases.filter { strategy in
            plans.contains { $0.plan.request.strategy == strategy }
        }
        func mean(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.reduce(0, +) / Double(values.count) }
        var panels: [(String, [SteeringSeries])] = []
        for (name, value) in measures {
            panels.append(
                (
                    name,
                    strategies.map { strategy in
                        SteeringSeries(
                            name: strategy.rawValue,
                            points: strengths.enumerated().compactMap { index, strength in
                                mean(
                                    plans.filter {
                                        $0.plan.request.strategy == strategy && $0.plan.request.strength == strength
                                    }.compactMap { byKey[$0.planKey].map(value) }
                                ).map { (index, $0) }
                            })
                    }
                ))
        }
        var charts = [
            try SteeringCurves.inline(
                SteeringCurves.svg(
                    title: "\(theme.name): B, C and score against \(symbol) (mean over layers)", xLabel: symbol,
                    xs: strengths.map { Fmt.score($0) }, measures: panels))
        ]
        guard !layers.isEmpty, let middle = strengths.isEmpty ? nil : strengths[strengths.count / 2] else {
            return charts
        }
        var layerPanels: [(String, [SteeringSeries])] = []
        for (name, value) in measures {
            layerPanels.append(
                (
                    name,
                    strategies.map { strategy in
                        SteeringSeries(
                            name: strategy.rawValue,
                            points: layers.enumerated().compactMap { index, layer in
                                // Initial-only has no layer: its run at this strength is drawn flat.
                                plans.first {
                                    $0.plan.request.strategy == strategy && $0.plan.request.strength == middle
                                        && (strategy == .initialOnly || $0.plan.request.layer == layer)
                                }.flatMap { byKey[$0.planKey] }.map { (index, value($0)) }
                            })
                    }
                ))
        }
        charts.append(
            try SteeringCurves.inline(
                SteeringCurves.svg(
                    title: "\(theme.name): B, C and score against layer l at \(symbol) = \(Fmt.score(middle))",
                    xLabel: "layer l", xs: layers.map(String.init), measures: layerPanels)))
        return charts
    }
}
