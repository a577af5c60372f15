import CanonicalOutput
import FlowCore
import SiteKit

/// The page of one residual feature: flow diagram, chain, lifespan, matches, descendants, steering, downloads.
enum FeaturePage {
    static let root = "../"

    static func model(_ dossier: FeatureDossier, context: ReportContext, diagram: FeatureDiagram) throws -> PageModel {
        let id = dossier.id
        let positions: [FeaturePageModel.MatchGroup] = try MatchPosition.allCases.compactMap { position in
            guard let matches = dossier.matches[position.rawValue], !matches.isEmpty else { return nil }
            return .init(title: position.title, rows: try PageRows.matches(matches, context))
        }
        let provisional = FeatureEvidence.provisionalLabel(id, context: context)
        let page = FeaturePageModel(
            id: id.description, class: ClassBadge(dossier.originClass), scores: scores(dossier),
            labels: dossier.labels.map(LabelModel.init), diagram: HTMLFragment(html: try diagram.inlineSVG()),
            legend: try PageRows.legend(), chainRows: try PageRows.chain(dossier, context), positions: positions,
            hasMatches: !positions.isEmpty, descendants: try PageRows.descendants(dossier.descendants, context),
            lifespan: try lifespan(dossier, context: context), flow: flow(dossier, diagram: diagram), layer: id.layer,
            layerHref: root + SiteLinks.layerPage(id.layer), json: root + SiteLinks.featureJSON(id),
            csv: root + SiteLinks.featureCSV(id),
            span: "\(dossier.graph.steeringSpan.lowerBound)–\(dossier.graph.steeringSpan.upperBound)",
            strongLink: Fmt.score(dossier.graph.parameters.strongLink), truncated: dossier.graph.descendantsTruncated,
            hasDescendants: !dossier.descendants.isEmpty, maxDescendants: dossier.graph.parameters.maxDescendants,
            neuronpedia: dossier.neuronpedia, evidence: try FeatureEvidence.model(id, context: context),
            provisional: provisional, steering: try dossier.steering.map { try steering($0, context: context) })
        let label = dossier.labels.first.map { " — \($0.text)" } ?? provisional.map { " — provisional: \($0)" } ?? ""
        return PageModel(
            path: SiteLinks.featurePage(id), title: "Feature \(id)", template: "feature", model: page,
            description: "Flow of SAE feature \(id)\(label)")
    }

    static func scores(_ dossier: FeatureDossier) -> [FeaturePageModel.Score] {
        let t = dossier.thresholds
        return [
            ("s(R)", "previous residual", dossier.scores.res, t.res),
            ("s(M)", "MLP", dossier.scores.mlp, t.mlp),
            ("s(A)", "attention", dossier.scores.att, t.att),
        ].map { name, position, value, threshold in
            .init(
                name: name, position: position, value: PageValues.cosine(value),
                threshold: PageValues.cosine(threshold),
                verdict: value.map { $0 >= threshold ? "above" : "below" } ?? "no SAE")
        }
    }

    static func lifespan(_ dossier: FeatureDossier, context: ReportContext) throws -> FeaturePageModel.Lifespan {
        let span = dossier.lifespan
        return .init(
            birth: span.birth, end: span.end, length: span.length, bornAs: ClassBadge(span.bornAs),
            persistence: PageValues.cosine(span.threshold),
            perLayer: !context.analysis.lifespans.layerThresholds.isEmpty,
            birthLink: try span.birthFeature.map { try PageRows.link($0, context) },
            below: try span.belowThreshold.map { below in
                .init(
                    link: try PageRows.link(below.id, context), cosine: PageValues.cosine(below.cosine),
                    threshold: PageValues.cosine(context.analysis.lifespans.threshold(at: span.birth)))
            })
    }

    static func flow(_ dossier: FeatureDossier, diagram: FeatureDiagram) -> FeaturePageModel.Flow {
        let window = diagram.window
        let chain = dossier.lifespan.chain
        var flow = FeaturePageModel.Flow(
            window: "\(window.lowerBound)–\(window.upperBound)",
            chain: chain.count > 1 ? "\(chain.first!)–\(chain.last!)" : dossier.id.description)
        if diagram.isCut {
            flow.full = root + SiteLinks.featureGraph(dossier.id)
            flow.fullLayers = "\(diagram.full.firstLayer)–\(diagram.full.lastLayer)"
            flow.fullCount = diagram.full.nodes.count
        }
        return flow
    }

    static func steering(_ plan: SteeringPlan, context: ReportContext) throws -> FeaturePageModel.Steering {
        let request = plan.request
        var schedule = request.schedule.name
        switch request.schedule {
        case .exponential(let alpha): schedule += " (α = \(Fmt.score(alpha)))"
        case .linear(let end): schedule += " (to s* = \(Fmt.score(end)))"
        case .constant: break
        }
        return .init(
            strategy: request.strategy.rawValue, schedule: schedule, operation: request.operation.rawValue,
            strength: Fmt.score(request.strength), layers: plan.layers.map(String.init).joined(separator: ", "),
            rows: try PageRows.steering(plan, context))
    }
}
