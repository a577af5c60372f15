/// One row of the `layer_state` table: what produced a layer's stored matches.
public struct LayerState: Equatable, Sendable {
    /// Layer L.
    public var layer: Int
    /// Canonical JSON of the input checksums (`{"att":…,"mlp":…,"res":…,"res-1":…,"res+1":…}`).
    public var inputs: String
    /// Canonical JSON of the result-determining parameters (`{"mode":"exact","top_k":5}`).
    public var parameters: String
    /// The method, `exact` or `approx(b=…,c=…)`, followed by ` partial` when some present
    /// positions were skipped (e.g. `exact partial`).
    public var mode: String
    /// Seconds the computation of this layer took.
    public var seconds: Double

    /// The method alone: `exact` or `approx(b=…,c=…)`.
    public var method: String { String(mode.split(separator: " ").first ?? "") }
    /// Whether some present positions were skipped.
    public var isPartial: Bool { mode.hasSuffix(" partial") }
    /// Whether the matches were found approximately.
    public var isApproximate: Bool { mode.hasPrefix("approx") }

    /// A layer state.
    public init(layer: Int, inputs: String, parameters: String, mode: String, seconds: Double) {
        self.layer = layer
        self.inputs = inputs
        self.parameters = parameters
        self.mode = mode
        self.seconds = seconds
    }
}
