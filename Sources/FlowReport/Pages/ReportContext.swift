import FlowCore
import SiteKit

/// The data every page draws on, loaded once from the flow database (plus labels).
public struct ReportContext: Sendable {
    public let analysis: FlowAnalysis
    public let saes: [SAERecord]
    public let labels: LabelSet
    public let selection: PageSelection
    public let topK: TopKTable
    public let planner: SteeringPlanner
    /// The default plan request per seed (its seed is replaced per page).
    public let steering: SteeringRequest
    /// Warnings recorded by the matching runs (e.g. skipped attention SAEs), shown on the overview.
    public let warnings: [String]
    /// Which matching mode (exact or approximate) produced which layers, in one line.
    public let matchModes: String
    /// The run-time evidence of the newest complete evidence run (nil: the database has none).
    public let evidence: SiteEvidence?
    /// Per (layer, site) of a module: the residual features whose top-1 it is.
    private let claims: [FeatureID: [FeatureDossier.Link]]

    public init(
        analysis: FlowAnalysis, saes: [SAERecord], labels: LabelSet, selection: PageSelection, topK: TopKTable,
        planner: SteeringPlanner, steering: SteeringRequest, warnings: [String], matchModes: String = "exact",
        evidence: SiteEvidence? = nil
    ) {
        self.evidence = evidence
        self.analysis = analysis
        self.saes = saes
        self.labels = labels
        self.selection = selection
        self.topK = topK
        self.planner = planner
        self.steering = steering
        self.warnings = warnings
        self.matchModes = matchModes
        var claims: [FeatureID: [FeatureDossier.Link]] = [:]
        let wanted = Set(selection.modules)
        for scores in analysis.table.layers {
            for hookSite in [HookSite.mlp, .att] {
                guard let column = scores.column(hookSite) else { continue }
                for i in 0..<scores.count {
                    guard let match = column[i] else { continue }
                    let module = FeatureID(layer: scores.layer, hookSite: hookSite, index: match.index)
                    guard wanted.contains(module) else { continue }
                    claims[module, default: []].append(
                        .init(id: FeatureID(layer: scores.layer, hookSite: .res, index: i), cosine: match.cosine))
                }
            }
        }
        self.claims = claims.mapValues { $0.sorted { ($1.cosine, $0.id) < ($0.cosine, $1.id) } }
    }

    /// The SAE record of a position.
    public func sae(layer: Int, hookSite: HookSite) -> SAERecord? {
        saes.first { $0.layer == layer && $0.hookSite == hookSite }
    }

    /// The Neuronpedia page of a feature, when its SAE has a Neuronpedia id.
    public func neuronpediaURL(_ id: FeatureID) -> String? {
        guard let np = sae(layer: id.layer, hookSite: id.hookSite)?.neuronpediaID, !np.isEmpty else { return nil }
        return "https://www.neuronpedia.org/\(np)/\(id.index)"
    }

    /// The dossier of a residual feature (nil when it is not in the score table).
    public func dossier(_ id: FeatureID) -> FeatureDossier? {
        guard let graph = analysis.graphs.graph(seed: id), let scores = analysis.table[id.layer] else { return nil }
        var matches: [String: [FeatureDossier.Match]] = [:]
        for position in MatchPosition.allCases {
            let entries = topK.matches(of: id, at: position)
            if !entries.isEmpty {
                matches[position.rawValue] = entries.map { .init(rank: $0.rank, id: $0.id, cosine: $0.cosine) }
            }
        }
        let span = analysis.lifespans.span(of: id) ?? id.layer...id.layer
        var birthFeature = id
        while birthFeature.layer > span.lowerBound, let match = analysis.table.predecessor(of: birthFeature) {
            birthFeature = FeatureID(layer: birthFeature.layer - 1, hookSite: .res, index: match.index)
        }
        let chain = self.chain(of: id, span: span)
        var below: FeatureDossier.Link?
        if let match = analysis.table.predecessor(of: birthFeature), analysis.table[birthFeature.layer - 1] != nil {
            below = .init(
                id: FeatureID(layer: birthFeature.layer - 1, hookSite: .res, index: match.index), cosine: match.cosine)
        }
        let descendants = analysis.descendants.descendants(of: id).compactMap { child -> FeatureDossier.Link? in
            guard let cosine = analysis.table[id.layer + 1]?.res?.cosines[child] else { return nil }
            return .init(id: FeatureID(layer: id.layer + 1, hookSite: .res, index: child), cosine: cosine)
        }.sorted { ($1.cosine, $0.id) < ($0.cosine, $1.id) }
        var request = steering
        request.seed = id
        var dossier = FeatureDossier(
            id: id, originClass: analysis.classification.originClass(of: id),
            scores: .init(
                res: scores.res?[id.index]?.cosine, mlp: scores.mlp?[id.index]?.cosine,
                att: scores.att?[id.index]?.cosine),
            thresholds: analysis.classification.thresholds[id.layer] ?? .default, matches: matches,
            lifespan: .init(
                birth: span.lowerBound, end: span.upperBound, length: span.count,
                bornAs: analysis.classification.originClass(of: birthFeature), birthFeature: birthFeature,
                chain: chain, threshold: analysis.lifespans.threshold(at: id.layer), belowThreshold: below),
            descendants: descendants, labels: labels[id], neuronpedia: neuronpediaURL(id), graph: graph,
            steering: try? planner.plan(request))
        dossier.evidence = DossierEvidence(id, evidence: evidence)
        return dossier
    }

    /// The chain through `id` over its lifespan `span`: best predecessors back to the birth, then forward through
    /// the descendant (link ≥ the layer's threshold) whose own chain reaches the end, the strongest when several do.
    func chain(of id: FeatureID, span: ClosedRange<Int>) -> [FeatureID] {
        var back: [FeatureID] = []
        var node = id
        while node.layer > span.lowerBound, let match = analysis.table.predecessor(of: node) {
            node = FeatureID(layer: node.layer - 1, hookSite: .res, index: match.index)
            back.append(node)
        }
        var chain = back.reversed() + [id]
        node = id
        while node.layer < span.upperBound, let next = analysis.table[node.layer + 1]?.res,
            let ends = analysis.lifespans.end[node.layer + 1]
        {
            let threshold = analysis.lifespans.threshold(at: node.layer + 1)
            let best = analysis.descendants.descendants(of: node).filter {
                next.cosines[$0] >= threshold && Int(ends[$0]) == span.upperBound
            }.max { (next.cosines[$0], -$0) < (next.cosines[$1], -$1) }
            guard let best else { break }
            node = FeatureID(layer: node.layer + 1, hookSite: .res, index: best)
            chain.append(node)
        }
        return chain
    }

    /// The dossier of an MLP or attention feature.
    public func moduleDossier(_ id: FeatureID) -> ModuleDossier {
        ModuleDossier(id: id, labels: labels[id], neuronpedia: neuronpediaURL(id), claimedBy: claims[id] ?? [])
    }
}
