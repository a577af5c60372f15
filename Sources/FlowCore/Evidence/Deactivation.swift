/// What removing a target's matched predecessors did (`deactivation`), for one layer, mode and r.
public struct Deactivation: Equatable, Sendable {
    public var layer: Int
    /// Which predecessors were removed: `top1`, `top5` or `random5` (one random of the top 5).
    public var mode: String
    /// The rescaling factor (0 removes the predecessors; the r sweep runs from −2 to 3).
    public var r: Double
    /// Sampled (token, active target) events, and those whose target became inactive.
    public var samples: Int
    public var successes: Int
    /// Mean of 1 − z_new / z_old over the samples.
    public var meanChange: Double

    /// A deactivation record.
    public init(layer: Int, mode: String, r: Double, samples: Int, successes: Int, meanChange: Double) {
        self.layer = layer
        self.mode = mode
        self.r = r
        self.samples = samples
        self.successes = successes
        self.meanChange = meanChange
    }

    /// Share of samples whose target became inactive.
    public var successRate: Double { samples > 0 ? Double(successes) / Double(samples) : 0 }
}
