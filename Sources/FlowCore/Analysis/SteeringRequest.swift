/// What a user asks of a steering plan (METHOD.md §5).
public struct SteeringRequest: Codable, Sendable, Equatable {
    /// Which layers of the graph are steered.
    public enum Strategy: String, Codable, Sendable, CaseIterable {
        /// Only the graph features of one layer.
        case singleLayer = "single-layer"
        /// Every layer from l_start up to the chosen layer.
        case cumulative
    }

    /// How the coefficient changes over layers.
    public enum Schedule: Codable, Sendable, Equatable {
        /// s' = s.
        case constant
        /// s' = s · e^{α l}, l the absolute layer index (as written in the paper).
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

    public var seed: FeatureID
    public var strategy: Strategy
    public var schedule: Schedule
    public var operation: Operation
    /// s (for add) or r (for rescale).
    public var strength: Float
    /// The layer l: single-layer steers it, cumulative steers l_start…l. Nil = the seed's layer.
    public var layer: Int?

    public init(
        seed: FeatureID, strategy: Strategy = .cumulative, schedule: Schedule = .constant,
        operation: Operation = .add, strength: Float, layer: Int? = nil
    ) {
        self.seed = seed
        self.strategy = strategy
        self.schedule = schedule
        self.operation = operation
        self.strength = strength
        self.layer = layer
    }

    /// The scheduled coefficient at `layer` within the steering span.
    public func coefficient(at layer: Int, span: ClosedRange<Int>) -> Float {
        switch schedule {
        case .constant: return strength
        case .exponential(let alpha): return strength * Float(exp(Double(alpha) * Double(layer)))
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
