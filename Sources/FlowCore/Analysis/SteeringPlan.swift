/// A steering plan: what to add or rescale, where, and how strongly (docs/steering-plan-format.md).
public struct SteeringPlan: Codable, Sendable, Equatable {
    /// Version of the JSON layout.
    public static let formatVersion = 1

    public var formatVersion: Int = SteeringPlan.formatVersion
    /// The request the plan answers.
    public var request: SteeringRequest
    /// [l_start, l_end] of the pruned graph (residual links ≥ 0.5).
    public var spanStart: Int
    public var spanEnd: Int
    /// Layers actually steered.
    public var layers: [Int]
    /// One entry per (layer, site, feature).
    public var entries: [SteeringEntry]
    /// TransformerLens hook name per `layer/site` used by the entries.
    public var hooks: [String: String]
    /// The seeds of a theme set (absent for a one-seed plan; the request's `seed` is the first).
    public var seeds: [FeatureID]? = nil
    /// The theme's name, for plans made for a theme.
    public var theme: String? = nil

    /// A plan with every field given.
    public init(
        request: SteeringRequest, spanStart: Int, spanEnd: Int, layers: [Int], entries: [SteeringEntry],
        hooks: [String: String], seeds: [FeatureID]? = nil, theme: String? = nil
    ) {
        self.request = request
        self.spanStart = spanStart
        self.spanEnd = spanEnd
        self.layers = layers
        self.entries = entries
        self.hooks = hooks
        self.seeds = seeds
        self.theme = theme
    }
}

/// One feature to steer.
public struct SteeringEntry: Codable, Sendable, Equatable {
    public var layer: Int
    public var hookSite: HookSite
    public var feature: Int
    /// The scheduled coefficient (s' for add, r for rescale).
    public var coefficient: Float
    /// The feature's JumpReLU threshold θ (1 when the SAE has none).
    public var threshold: Float
    /// What multiplies the raw decoder row W_dec[i] (as the SAE stores it, not unit-normalised):
    /// s'·θ for add; r for rescale (no folding).
    public var scale: Float
    /// Cosine linking this feature into the graph (1 for the seed).
    public var cosine: Float
    /// ‖W_dec[i]‖ of the raw decoder row, so the added vector's length is |scale|·decoderNorm; nil when
    /// the flow database did not record it (written before decoder norms were stored).
    public var decoderNorm: Float?

    /// Coding keys: the hook site keeps its file key `site`.
    enum CodingKeys: String, CodingKey {
        case layer
        case hookSite = "site"
        case feature
        case coefficient
        case threshold
        case scale
        case cosine
        case decoderNorm
    }

    /// An entry.
    public init(
        layer: Int, hookSite: HookSite, feature: Int, coefficient: Float, threshold: Float, scale: Float, cosine: Float,
        decoderNorm: Float? = nil
    ) {
        self.layer = layer
        self.hookSite = hookSite
        self.feature = feature
        self.coefficient = coefficient
        self.threshold = threshold
        self.scale = scale
        self.cosine = cosine
        self.decoderNorm = decoderNorm
    }

    /// The change to the hooked activation `h` at one token: `scale · row` for add, and
    /// `(scale − 1) · activation · row` for rescale, with `row` the raw decoder row W_dec[i] and
    /// `activation` the SAE's own activation a_i of this feature at that token (METHOD.md §5). With
    /// r = 0 this removes exactly the feature's share a_i·W_dec[i] of the reconstruction.
    public func delta(row: [Float], activation: Float, operation: SteeringRequest.Operation) -> [Float] {
        let factor = operation == .add ? scale : (scale - 1) * activation
        return row.map { factor * $0 }
    }
}
