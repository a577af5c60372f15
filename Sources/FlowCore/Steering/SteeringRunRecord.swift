/// One steering run (a plan, or the baseline, under one configuration) with its scores and texts.
public struct SteeringRunRecord: Sendable, Equatable {
    /// `plan_key` of the unsteered baseline run.
    public static let baselineKey = "baseline"

    /// SHA-256 of the configuration key and the plan key.
    public var runKey: String
    /// Model, SAEs, prompts and sampling settings (`SteeringConfig.key`).
    public var configKey: String
    /// The theme's name.
    public var theme: String
    /// The plan's key, or `baselineKey`.
    public var planKey: String
    /// Mean coherence C over the texts, in [0, 1].
    public var coherence: Double
    /// Mean theme presence B over the texts, in [0, 1].
    public var presence: Double
    /// B's held-out-feature part (nil when the theme has no held-out feature).
    public var presenceFeatures: Double?
    /// B's keyword part (nil when the theme has no keywords).
    public var presenceKeywords: Double?
    /// B × C (promote) or (1 − B) × C (suppress), from the means.
    public var score: Double
    /// Tokens generated.
    public var tokens: Int
    /// Seconds spent generating.
    public var seconds: Double
    /// The texts, by prompt then sample.
    public var texts: [SteeringTextRecord]

    /// A run.
    public init(
        runKey: String, configKey: String, theme: String, planKey: String, coherence: Double, presence: Double,
        presenceFeatures: Double?, presenceKeywords: Double?, score: Double, tokens: Int, seconds: Double,
        texts: [SteeringTextRecord]
    ) {
        self.runKey = runKey
        self.configKey = configKey
        self.theme = theme
        self.planKey = planKey
        self.coherence = coherence
        self.presence = presence
        self.presenceFeatures = presenceFeatures
        self.presenceKeywords = presenceKeywords
        self.score = score
        self.tokens = tokens
        self.seconds = seconds
        self.texts = texts
    }

    /// The run key of `planKey` under `configKey`.
    public static func key(config: String, plan: String) -> String {
        SteeringPlanRecord.hash(Array("\(config)\n\(plan)".utf8))
    }
}

/// One generated text of a steering run.
public struct SteeringTextRecord: Sendable, Equatable {
    /// Which prompt (0-based, in the order used).
    public var promptIndex: Int
    /// Which sample of that prompt.
    public var sample: Int
    /// The prompt.
    public var prompt: String
    /// The generated continuation.
    public var text: String
    /// Mean negative log-likelihood of the continuation under the unsteered model (nats per token).
    public var nll: Double
    /// Distinct bigrams over bigrams of its tokens (the repetition part of C).
    public var distinct: Double
    /// Its coherence C.
    public var coherence: Double
    /// Its theme presence B.
    public var presence: Double

    /// A text.
    public init(
        promptIndex: Int, sample: Int, prompt: String, text: String, nll: Double, distinct: Double,
        coherence: Double, presence: Double
    ) {
        self.distinct = distinct
        self.promptIndex = promptIndex
        self.sample = sample
        self.prompt = prompt
        self.text = text
        self.nll = nll
        self.coherence = coherence
        self.presence = presence
    }
}
