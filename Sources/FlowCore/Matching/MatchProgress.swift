/// A progress report of a matching run, sent after each comparison.
public struct MatchProgress: Sendable {
    /// The layer being matched.
    public var layer: Int
    /// 1-based position of that layer among the layers computed in this run.
    public var layerNumber: Int
    /// Number of layers computed in this run.
    public var layerCount: Int
    /// What was just finished (e.g. `mlp backward`).
    public var step: String
    /// Whether the layer is complete.
    public var layerDone: Bool
    /// Floating-point operations done so far in the run.
    public var flopsDone: Double
    /// Floating-point operations planned for the run.
    public var flopsTotal: Double
    /// Seconds since the run started.
    public var elapsed: Double

    /// Throughput so far, in GFLOP/s.
    public var gflops: Double { elapsed > 0 ? flopsDone / elapsed / 1e9 : 0 }
    /// Estimated seconds left, from the throughput so far.
    public var eta: Double { flopsDone > 0 ? elapsed * (flopsTotal - flopsDone) / flopsDone : 0 }
}
