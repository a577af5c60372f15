import FlowCore
import Foundation
import SiteKit

/// The run-time evidence pages show, loaded once from the flow database so pages render in parallel without
/// touching SQLite: the newest complete evidence run, per-SAE quality, the activity, top contexts and co-activation
/// of the paged features, the activation groups and the deactivation results.
public struct SiteEvidence: Sendable {
    /// The run shown.
    public var run: EvidenceRun
    /// Quality per SAE, by layer then site.
    public var quality: [SAEEvidence]
    /// Activity of the paged features.
    public var activity: [FeatureID: FeatureActivity]
    /// Top contexts of the paged features, by rank.
    public var contexts: [FeatureID: [FeatureContext]]
    /// Co-activation of each residual target with its top-1 predecessor, per predecessor site.
    public var coactivation: [FeatureID: [HookSite: Coactivation]]
    /// Activation-group counts, by layer, predecessors, group.
    public var groups: [GroupCount]
    /// Deactivation results, by layer, mode, r.
    public var deactivations: [Deactivation]

    /// Evidence with every field given.
    public init(
        run: EvidenceRun, quality: [SAEEvidence] = [], activity: [FeatureID: FeatureActivity] = [:],
        contexts: [FeatureID: [FeatureContext]] = [:], coactivation: [FeatureID: [HookSite: Coactivation]] = [:],
        groups: [GroupCount] = [], deactivations: [Deactivation] = []
    ) {
        self.run = run
        self.quality = quality
        self.activity = activity
        self.contexts = contexts
        self.coactivation = coactivation
        self.groups = groups
        self.deactivations = deactivations
    }

    /// The evidence of `FlowDatabase.latestEvidenceRun()` for `features` (the paged ones), with a Neuronpedia
    /// import's contexts for features that run has none for; nil when the database has no complete run.
    public static func load(database: FlowDatabase, features: [FeatureID]) throws -> SiteEvidence? {
        guard try database.hasEvidenceTables(), let run = try database.latestEvidenceRun() else { return nil }
        // A measured run shows its own statistics; a feature it has no contexts for shows a Neuronpedia import's.
        let imported = run.source == "neuronpedia" ? nil : try database.latestEvidenceRun(source: "neuronpedia")
        var evidence = SiteEvidence(
            run: run, quality: try database.saeEvidence(run: run.id), groups: try database.groupCounts(run: run.id),
            deactivations: try database.deactivations(run: run.id))
        // One query per SAE for the activity and one for the contexts (a query per feature was most of the loading).
        var bySAE: [HookSite: [Int: [Int]]] = [:]
        for id in features { bySAE[id.hookSite, default: [:]][id.layer, default: []].append(id.index) }
        for (hookSite, layers) in bySAE {
            for (layer, indices) in layers {
                let id = { FeatureID(layer: layer, hookSite: hookSite, index: $0) }
                for (feature, activity) in try database.featureActivities(
                    run: run.id, layer: layer, hookSite: hookSite, features: indices)
                {
                    evidence.activity[id(feature)] = activity
                }
                for (feature, contexts) in try database.featureContexts(
                    run: run.id, layer: layer, hookSite: hookSite, features: indices)
                {
                    evidence.contexts[id(feature)] = contexts
                }
                let missing = indices.filter { evidence.contexts[id($0)] == nil }
                if let imported, !missing.isEmpty {
                    for (feature, contexts) in try database.featureContexts(
                        run: imported.id, layer: layer, hookSite: hookSite, features: missing)
                    {
                        evidence.contexts[id(feature)] = contexts
                    }
                }
            }
        }
        for row in try database.coactivations(run: run.id) {
            evidence.coactivation[FeatureID(layer: row.layer, hookSite: .res, index: row.feature), default: [:]][
                row.hookSite] =
                row
        }
        return evidence
    }

    /// The quality of one SAE.
    public func quality(layer: Int, hookSite: HookSite) -> SAEEvidence? {
        quality.first { $0.layer == layer && $0.hookSite == hookSite }
    }

    /// The co-activation of the link `predecessor` → `target` (nil when it is not the target's recorded top-1
    /// predecessor at that site).
    public func coactivation(of predecessor: FeatureID, with target: FeatureID) -> Coactivation? {
        guard target.hookSite == .res, let row = coactivation[target]?[predecessor.hookSite],
            row.predecessor == predecessor.index
        else { return nil }
        let expectedLayer = predecessor.hookSite == .res ? target.layer - 1 : target.layer
        return predecessor.layer == expectedLayer ? row : nil
    }

    /// A provisional label from a feature's top contexts: its most frequent active tokens (at most three, the most
    /// frequent first, ties by first appearance), trimmed; nil without contexts.
    public func provisionalLabel(_ id: FeatureID) -> String? {
        guard let contexts = contexts[id], !contexts.isEmpty else { return nil }
        var counts: [String: (count: Int, first: Int)] = [:]
        for (order, context) in contexts.enumerated()
        where context.focus >= 0 && context.focus < context.tokens.count {
            let token = ContextText.visible(context.tokens[context.focus].trimmingCharacters(in: .whitespaces))
            guard !token.isEmpty else { continue }
            counts[token] = (count: (counts[token]?.count ?? 0) + 1, first: counts[token]?.first ?? order)
        }
        let top = counts.sorted { ($1.value.count, $0.value.first) < ($0.value.count, $1.value.first) }.prefix(3)
        guard !top.isEmpty else { return nil }
        return top.map { "“\($0.key)”" }.joined(separator: ", ")
    }
}
