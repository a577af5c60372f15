/// One row of the `layer_state` table: what produced a layer's stored matches.
public struct LayerState: Equatable, Sendable {
    /// Layer L.
    public var layer: Int
    /// Canonical JSON of the input checksums (`{"att":…,"mlp":…,"res":…,"res-1":…,"res+1":…}`).
    public var inputs: String
    /// Canonical JSON of the result-determining parameters (`{"top_k":5}`).
    public var parameters: String
    /// `full` when every present position was matched, `partial` when some were skipped.
    public var mode: String
    /// Seconds the computation of this layer took.
    public var seconds: Double

    /// A layer state.
    public init(layer: Int, inputs: String, parameters: String, mode: String, seconds: Double) {
        self.layer = layer
        self.inputs = inputs
        self.parameters = parameters
        self.mode = mode
        self.seconds = seconds
    }
}
