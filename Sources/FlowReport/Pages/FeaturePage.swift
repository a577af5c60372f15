import CanonicalOutput
import FlowCore
import SiteKit

/// The page of one residual feature: flow diagram, chain, lifespan, matches, descendants, steering, downloads.
enum FeaturePage {
    static let root = "../"

    static func model(_ dossier: FeatureDossier, context: ReportContext, diagram: FeatureDiagram) throws -> PageModel {
        let id = dossier.id
        let positions: [[String: Any]] = try MatchPosition.allCases.compactMap { position in
            guard let matches = dossier.matches[position.rawValue], !matches.isEmpty else { return nil }
            return ["title": position.title, "rows": try PageRows.matches(matches, context)]
        }
        let t = dossier.thresholds
        let scores: [[String: Any]] = [
            ("s(R)", "previous residual", dossier.scores.res, t.res),
            ("s(M)", "MLP", dossier.scores.mlp, t.mlp),
            ("s(A)", "attention", dossier.scores.att, t.att),
        ].map { name, position, value, threshold in
            [
                "name": name, "position": position, "value": PageValues.cosine(value),
                "threshold": PageValues.cosine(threshold),
                "verdict": value.map { $0 >= threshold ? "above" : "below" } ?? "no SAE",
            ]
        }
        let span = dossier.lifespan
        var lifespan: [String: Any] = [
            "birth": span.birth, "end": span.end, "length": span.length,
            "bornAs": PageValues.originClass(span.bornAs),
            "persistence": PageValues.cosine(span.threshold),
            "perLayer": !context.analysis.lifespans.layerThresholds.isEmpty,
        ]
        if let birth = span.birthFeature { lifespan["birthLink"] = try PageRows.link(birth, context) }
        if let below = span.belowThreshold {
            lifespan["below"] = [
                "link": try PageRows.link(below.id, context), "cosine": PageValues.cosine(below.cosine),
                "threshold": PageValues.cosine(context.analysis.lifespans.threshold(at: span.birth)),
            ]
        }
        let window = diagram.window
        var flow: [String: Any] = [
            "window": "\(window.lowerBound)–\(window.upperBound)",
            "chain": span.chain.count > 1 ? "\(span.chain.first!)–\(span.chain.last!)" : dossier.id.description,
        ]
        if diagram.isCut {
            flow["full"] = root + SiteLinks.featureGraph(id)
            flow["fullLayers"] = "\(diagram.full.firstLayer)–\(diagram.full.lastLayer)"
            flow["fullCount"] = diagram.full.nodes.count
        }
        var page: [String: Any] = [
            "id": id.description, "class": PageValues.originClass(dossier.originClass), "scores": scores,
            "labels": dossier.labels.map(PageValues.label),
            "diagram": HTMLFragment(html: try diagram.inlineSVG()), "legend": try PageRows.legend(),
            "chainRows": try PageRows.chain(dossier, context),
            "positions": positions, "hasMatches": !positions.isEmpty,
            "descendants": try PageRows.descendants(dossier.descendants, context),
            "lifespan": lifespan, "flow": flow,
            "layer": id.layer, "layerHref": root + SiteLinks.layerPage(id.layer),
            "json": root + SiteLinks.featureJSON(id), "csv": root + SiteLinks.featureCSV(id),
            "span": "\(dossier.graph.steeringSpan.lowerBound)–\(dossier.graph.steeringSpan.upperBound)",
            "strongLink": Fmt.score(dossier.graph.parameters.strongLink),
            "truncated": dossier.graph.descendantsTruncated, "hasDescendants": !dossier.descendants.isEmpty,
            "maxDescendants": dossier.graph.parameters.maxDescendants,
        ]
        if let url = dossier.neuronpedia { page["neuronpedia"] = url }
        if let evidence = try FeatureEvidence.model(id, context: context) { page["evidence"] = evidence }
        if let provisional = FeatureEvidence.provisionalLabel(id, context: context) {
            page["provisional"] = provisional
        }
        if let plan = dossier.steering { page["steering"] = try steering(plan, context: context) }
        let label =
            dossier.labels.first.map { " — \($0.text)" }
            ?? FeatureEvidence.provisionalLabel(id, context: context).map { " — provisional: \($0)" } ?? ""
        return PageModel(
            path: SiteLinks.featurePage(id), title: "Feature \(id)", template: "feature", context: page,
            description: "Flow of SAE feature \(id)\(label)")
    }

    static func steering(_ plan: SteeringPlan, context: ReportContext) throws -> [String: Any] {
        let request = plan.request
        var schedule = request.schedule.name
        switch request.schedule {
        case .exponential(let alpha): schedule += " (α = \(Fmt.score(alpha)))"
        case .linear(let end): schedule += " (to s* = \(Fmt.score(end)))"
        case .constant: break
        }
        return [
            "strategy": request.strategy.rawValue, "schedule": schedule, "operation": request.operation.rawValue,
            "strength": Fmt.score(request.strength),
            "layers": plan.layers.map(String.init).joined(separator: ", "),
            "rows": try PageRows.steering(plan, context),
        ]
    }
}
