import CanonicalOutput
import FlowCore
import SiteKit

/// A residual feature's run-time evidence in its downloads (the `evidence` member of the feature JSON and the
/// `evidence`, `histogram`, `context` and `coactivation` rows of its CSV), from the newest complete evidence run:
/// firing density over the run's counted tokens, mean and maximum activation, the histogram, the stored top
/// contexts (tokens raw: the writers escape them) and per predecessor position the co-activation counts.
/// Numbers are Float so the hand-written JSON equals `JSONEncoder`'s bytes.
public struct DossierEvidence: Codable, Sendable, Equatable {
    /// One top activating context.
    public struct Context: Codable, Sendable, Equatable {
        public var activation: Float
        /// Index of the active token in `tokens`.
        public var focus: Int
        public var position: Int
        /// 1 = highest activation.
        public var rank: Int
        public var sequence: Int
        /// The decoded window, raw.
        public var tokens: [String]
    }

    /// The activation histogram: `counts[i]` values in [edges[i], edges[i+1]).
    public struct Histogram: Codable, Sendable, Equatable {
        public var counts: [Int]
        public var edges: [Float]
    }

    /// Co-activation with the top-1 predecessor at one position, and with the seeded random feature of that SAE.
    public struct Coactivation: Codable, Sendable, Equatable {
        /// Tokens where the feature and the predecessor are both active.
        public var bothActive: Int
        public var predecessor: FeatureID
        /// Tokens where the feature and the random feature are both active.
        public var randomBothActive: Int
        public var randomFeature: FeatureID
        /// Tokens where the feature is active.
        public var targetActive: Int
    }

    /// Tokens the feature is active on, of `tokens` counted in the run.
    public var active: Int
    /// Per predecessor position (`res`, `mlp`, `att`).
    public var coactivation: [String: Coactivation]
    public var contexts: [Context]
    /// active / tokens.
    public var density: Float
    public var histogram: Histogram
    public var max: Float
    public var mean: Float
    public var tokens: Int

    /// The evidence of `id` in `evidence` (nil when there is no evidence run).
    public init?(_ id: FeatureID, evidence: SiteEvidence?) {
        guard let evidence else { return nil }
        let activity = evidence.activity[id]
        tokens = evidence.run.tokens
        active = activity?.active ?? 0
        density = tokens > 0 ? Float(Double(active) / Double(tokens)) : 0
        mean = Float(activity?.mean ?? 0)
        max = Float(activity?.max ?? 0)
        histogram = Histogram(
            counts: activity?.histogram.counts ?? [], edges: (activity?.histogram.edges ?? []).map { Float($0) })
        contexts = (evidence.contexts[id] ?? []).map {
            Context(
                activation: Float($0.activation), focus: $0.focus, position: $0.position, rank: $0.rank,
                sequence: $0.sequence, tokens: $0.tokens)
        }
        var coactivation: [String: Coactivation] = [:]
        for (hookSite, row) in evidence.coactivation[id] ?? [:] {
            let layer = hookSite == .res ? id.layer - 1 : id.layer
            coactivation[hookSite.rawValue] = Coactivation(
                bothActive: row.bothActive,
                predecessor: FeatureID(layer: layer, hookSite: hookSite, index: row.predecessor),
                randomBothActive: row.randomBothActive,
                randomFeature: FeatureID(layer: layer, hookSite: hookSite, index: row.randomFeature),
                targetActive: row.targetActive)
        }
        self.coactivation = coactivation
    }
}

extension DossierEvidence: CanonicalJSONWritable {
    /// The members in UTF-8 byte order, as `JSONEncoder` with sorted keys writes them.
    public func writeJSON(to buffer: inout CanonicalJSONBuffer) {
        buffer.object { b in
            b.key("active")
            b.int(active)
            b.key("coactivation")
            b.object(coactivation) { b, row in
                b.object { b in
                    b.key("bothActive")
                    b.int(row.bothActive)
                    b.member("predecessor", row.predecessor)
                    b.key("randomBothActive")
                    b.int(row.randomBothActive)
                    b.member("randomFeature", row.randomFeature)
                    b.key("targetActive")
                    b.int(row.targetActive)
                }
            }
            b.key("contexts")
            b.array(contexts) { b, context in
                b.object { b in
                    b.key("activation")
                    b.float(context.activation)
                    b.key("focus")
                    b.int(context.focus)
                    b.key("position")
                    b.int(context.position)
                    b.key("rank")
                    b.int(context.rank)
                    b.key("sequence")
                    b.int(context.sequence)
                    b.key("tokens")
                    b.array(context.tokens) { b, token in b.string(token) }
                }
            }
            b.key("density")
            b.float(density)
            b.key("histogram")
            b.object { b in
                b.key("counts")
                b.array(histogram.counts) { b, count in b.int(count) }
                b.key("edges")
                b.array(histogram.edges) { b, edge in b.float(edge) }
            }
            b.key("max")
            b.float(max)
            b.key("mean")
            b.float(mean)
            b.key("tokens")
            b.int(tokens)
        }
    }
}
