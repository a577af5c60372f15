import FlowCore
import SiteKit

/// Everything a residual feature's page shows, as one value: rendered into HTML and written as the
/// page's JSON download (`data/features/<L>-res-<i>.json`), so the view and the data never disagree.
public struct FeatureDossier: Codable, Sendable {
    /// Version of the JSON layout (docs/feature-json-format.md).
    public static let formatVersion = 1

    /// A feature and the cosine linking it.
    public struct Link: Codable, Sendable, Equatable {
        public var id: FeatureID
        public var cosine: Float
    }

    /// One ranked match.
    public struct Match: Codable, Sendable, Equatable {
        public var rank: Int
        public var id: FeatureID
        public var cosine: Float
    }

    /// Top-1 scores s(R), s(M), s(A) (nil where the position has no SAE).
    public struct Scores: Codable, Sendable, Equatable {
        public var res: Float?
        public var mlp: Float?
        public var att: Float?
    }

    /// The chain's lifespan and how it was born.
    public struct Lifespan: Codable, Sendable, Equatable {
        public var birth: Int
        public var end: Int
        /// Number of layers, birth…end.
        public var length: Int
        /// Class of the chain's first node (newborn-mlp/att/both, unexplained, …).
        public var bornAs: OriginClass?
        /// The chain's node at its birth layer.
        public var birthFeature: FeatureID?
        /// The feature's chain, birth first: the best predecessors back to the birth, the seed, then the
        /// descendants (s(R) ≥ the threshold) that reach the end layer. Other drawn features are not its chain.
        public var chain: [FeatureID] = []
        /// The s(R) threshold of the links into each chain layer after the birth (per layer under a quantile mode).
        public var threshold: Float = 0
        /// At the birth: the best R_{L-1} match, below the threshold, so not a predecessor (nil at layer 0 or
        /// where R_{L-1} was not matched).
        public var belowThreshold: Link?
    }

    public var formatVersion = FeatureDossier.formatVersion
    public var id: FeatureID
    public var originClass: OriginClass?
    public var scores: Scores
    /// Thresholds in force at this layer.
    public var thresholds: ClassThresholds
    /// Ranked matches per position (`res-backward`, `mlp`, `att`, `res-forward`).
    public var matches: [String: [Match]]
    public var lifespan: Lifespan
    /// Direct descendants in R_{L+1} (features whose best predecessor this is), strongest first.
    public var descendants: [Link]
    public var labels: [FeatureLabel]
    /// Neuronpedia page, when the SAE has a Neuronpedia id.
    public var neuronpedia: String?
    public var graph: FlowGraph
    /// The default steering plan (see `SiteOptions.steering`); nil when the graph has no span.
    public var steering: SteeringPlan?
    /// Run-time evidence of the newest complete evidence run; nil without one.
    public var evidence: DossierEvidence? = nil
}

/// What an MLP or attention feature's page shows.
public struct ModuleDossier: Codable, Sendable {
    public var formatVersion = FeatureDossier.formatVersion
    public var id: FeatureID
    public var labels: [FeatureLabel]
    public var neuronpedia: String?
    /// Residual features of the same layer whose best match at this position is this feature.
    public var claimedBy: [FeatureDossier.Link]
}
