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
}

/// One feature to steer.
public struct SteeringEntry: Codable, Sendable, Equatable {
    public var layer: Int
    public var site: Site
    public var feature: Int
    /// The scheduled coefficient (s' for add, r for rescale).
    public var coefficient: Float
    /// The feature's JumpReLU threshold θ (1 when the SAE has none).
    public var threshold: Float
    /// What multiplies the unit-free decoder row: s'·θ for add; r for rescale (no folding).
    public var scale: Float
    /// Cosine linking this feature into the graph (1 for the seed).
    public var cosine: Float
}
