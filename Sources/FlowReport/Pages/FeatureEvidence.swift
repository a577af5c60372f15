import CanonicalOutput
import FlowCore
import SiteKit

/// The evidence part of a feature or module page: density, histogram, top contexts, the predecessors'
/// co-activation, and the co-activation on the flow diagram's edges.
enum FeatureEvidence {
    /// Contexts shown on a page (more are stored).
    static let shownContexts = 10

    /// The template values of `id`'s evidence; nil when the database has no evidence run.
    static func model(_ id: FeatureID, context: ReportContext) throws -> [String: Any]? {
        guard let evidence = context.evidence else { return nil }
        let run = evidence.run
        var page: [String: Any] = [
            "tokens": PageValues.count(run.tokens), "texts": run.texts.joined(separator: ", "),
        ]
        if let activity = evidence.activity[id] {
            page["activity"] = [
                "density": PageValues.percent(run.tokens > 0 ? Double(activity.active) / Double(run.tokens) : 0),
                "active": PageValues.count(activity.active), "mean": Fmt.fixed(activity.mean, digits: 2),
                "max": Fmt.fixed(activity.max, digits: 2),
                "histogram": HTMLFragment(
                    html: try ActivationHistogramRenderer().inlineSVG(
                        edges: activity.histogram.edges, counts: activity.histogram.counts,
                        title: "Activation histogram of \(id): \(activity.active) active tokens")),
            ]
        } else {
            page["silent"] = true
        }
        let contexts = evidence.contexts[id] ?? []
        if !contexts.isEmpty {
            page["contexts"] = try PageRows.contexts(contexts, limit: shownContexts)
            page["hasContexts"] = true
            page["shown"] = min(shownContexts, contexts.count)
            page["stored"] = contexts.count
        }
        if id.site == .res, evidence.coactivation[id] != nil {
            page["coactivation"] = try PageRows.coactivations(id, evidence, context)
            page["hasCoactivation"] = true
        }
        return page
    }

    /// The tooltip of a diagram edge from its co-activation, and whether it is not above chance; nil without it.
    static func edgeNote(_ edge: FlowEdge, context: ReportContext) -> (note: String, unsupported: Bool)? {
        guard let row = context.evidence?.coactivation(of: edge.from, with: edge.to) else { return nil }
        guard let rate = row.rate, let random = row.randomRate else {
            return ("\(edge.to) never fired on the evidence text", false)
        }
        return (
            "fires with it \(PageValues.percent(rate)) of the time; a random feature of that SAE: "
                + PageValues.percent(random), rate <= random
        )
    }

    /// A provisional label for a feature no label file names (nil when one does, or without contexts).
    static func provisionalLabel(_ id: FeatureID, context: ReportContext) -> String? {
        guard context.labels[id].isEmpty else { return nil }
        return context.evidence?.provisionalLabel(id)
    }
}
