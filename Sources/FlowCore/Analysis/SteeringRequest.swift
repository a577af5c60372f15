/// What a user asks of a steering plan (METHOD.md §5).
public struct SteeringRequest: Codable, Sendable, Equatable {
    /// Which layers of the graph are steered.
    public enum Strategy: String, Codable, Sendable, CaseIterable {
        /// Only the graph features of one layer.
        case singleLayer = "single-layer"
        /// Every layer from l_start up to the chosen layer.
        case cumulative
        /// The seeds alone, each at its own layer (the paper's baseline; no graph features).
        case initialOnly = "initial-only"
    }

    /// How the coefficient changes over layers.
    public enum Schedule: Codable, Sendable, Equatable {
        /// s' = s.
        case constant
        /// s' = s · e^{α l}; l is the absolute layer index (as written in the paper) or counted from
        /// l_start, per `SteeringRequest.layerOrigin`.
        case exponential(alpha: Float)
        /// Linear from s at l_start to `end` (s*) at l_end.
        case linear(end: Float)

        /// The name used on the command line and in JSON.
        public var name: String {
            switch self {
            case .constant: return "constant"
            case .exponential: return "exponential"
            case .linear: return "linear"
            }
        }
    }

    /// How the coefficient acts on the hidden state.
    public enum Operation: String, Codable, Sendable, CaseIterable {
        /// h ← h + (r − 1) · Σ a_i V_i; the coefficient is r (0 removes, < 0 reverses).
        case rescale
        /// h ← h + Σ s_i θ_i V_i at every token; the coefficient is s in units of θ.
        case add
    }

    /// Where the exponential schedule counts l from.
    public enum LayerOrigin: String, Codable, Sendable, CaseIterable {
        /// l is the model's layer index (the paper's formula as written; the default).
        case absolute
        /// l is counted from l_start of the steering span (l_start has s' = s).
        case spanStart = "span-start"
    }

    /// The paper's two settings (METHOD.md §5): single-layer s = 8, α = −0.05; cumulative s = 3,
    /// α = −0.25, both with the exponential schedule (initial-only uses the single-layer setting).
    public static func paperSetting(_ strategy: Strategy) -> (strength: Float, alpha: Float) {
        switch strategy {
        case .singleLayer, .initialOnly: return (8, -0.05)
        case .cumulative: return (3, -0.25)
        }
    }

    /// The paper's setting for `strategy` (`paperSetting`): add, exponential schedule, absolute l.
    public static func paper(seed: FeatureID, strategy: Strategy, layer: Int? = nil) -> SteeringRequest {
        let setting = paperSetting(strategy)
        return SteeringRequest(
            seed: seed, strategy: strategy, schedule: .exponential(alpha: setting.alpha), operation: .add,
            strength: setting.strength, layer: layer)
    }

    public var seed: FeatureID
    public var strategy: Strategy
    public var schedule: Schedule
    public var operation: Operation
    /// s (for add) or r (for rescale).
    public var strength: Float
    /// The layer l: single-layer steers it, cumulative steers l_start…l. Nil = the seed's layer.
    public var layer: Int?
    /// The reading of l in the exponential schedule.
    public var layerOrigin: LayerOrigin

    public init(
        seed: FeatureID, strategy: Strategy = .cumulative, schedule: Schedule = .constant,
        operation: Operation = .add, strength: Float, layer: Int? = nil, layerOrigin: LayerOrigin = .absolute
    ) {
        self.seed = seed
        self.strategy = strategy
        self.schedule = schedule
        self.operation = operation
        self.strength = strength
        self.layer = layer
        self.layerOrigin = layerOrigin
    }

    /// The scheduled coefficient at `layer` within the steering span.
    public func coefficient(at layer: Int, span: ClosedRange<Int>) -> Float {
        switch schedule {
        case .constant: return strength
        case .exponential(let alpha):
            let l = layerOrigin == .absolute ? layer : layer - span.lowerBound
            return strength * Float(exp(Double(alpha) * Double(l)))
        case .linear(let end):
            guard span.upperBound > span.lowerBound else { return strength }
            let t = Float(layer - span.lowerBound) / Float(span.upperBound - span.lowerBound)
            return strength + (end - strength) * t
        }
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
