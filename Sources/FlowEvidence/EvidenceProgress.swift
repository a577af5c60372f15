/// Where a pass is: the phase, sequences done of all, tokens per second so far.
public struct EvidenceProgress: Sendable {
    /// `encode` (streaming text through model and SAEs), `contexts`, `deactivation`, `write`.
    public var phase: String
    public var done: Int
    public var total: Int
    public var tokensPerSecond: Double

    /// A progress report.
    public init(phase: String, done: Int, total: Int, tokensPerSecond: Double) {
        self.phase = phase
        self.done = done
        self.total = total
        self.tokensPerSecond = tokensPerSecond
    }
}

/// What a pass did.
public struct EvidenceSummary: Sendable {
    /// The run's id in the database and its key.
    public var run: Int
    public var key: String
    /// True when a complete run with the same key was found and nothing was computed.
    public var reused: Bool
    /// Sequences and tokens measured.
    public var sequences: Int
    public var tokens: Int
    /// Seconds: model forward (or reading the dump), SAE encoding, statistics (accumulators, groups,
    /// co-activation), contexts and writing, deactivation.
    public var modelSeconds: Double = 0
    public var encodingSeconds: Double = 0
    public var statisticsSeconds: Double = 0
    public var writeSeconds: Double = 0
    public var deactivationSeconds: Double = 0
    /// The same parts in process CPU seconds (every thread), and the whole pass.
    public var modelCPUSeconds: Double = 0
    public var encodingCPUSeconds: Double = 0
    public var statisticsCPUSeconds: Double = 0
    public var writeCPUSeconds: Double = 0
    public var deactivationCPUSeconds: Double = 0
    public var totalCPUSeconds: Double = 0
    /// Deactivation events sampled.
    public var deactivationEvents: Int = 0

    /// A summary.
    public init(run: Int, key: String, reused: Bool, sequences: Int, tokens: Int) {
        self.run = run
        self.key = key
        self.reused = reused
        self.sequences = sequences
        self.tokens = tokens
    }
}
