/// How the next token is chosen and when generation stops.
public struct SamplingOptions: Sendable, Equatable {
    /// 0 picks the most likely token (greedy); otherwise logits are divided by it before the softmax.
    public var temperature: Float
    /// Nucleus sampling: only the most likely tokens whose probabilities sum to at least `topP` are
    /// kept (1 keeps all).
    public var topP: Float
    /// Seed of the generator (the same seed and options give the same tokens).
    public var seed: UInt64
    /// Most tokens to generate.
    public var maxNewTokens: Int
    /// Tokens that end generation (included in the output).
    public var stopTokens: Set<Int>

    /// Options with every field given; greedy by default.
    public init(
        temperature: Float = 0, topP: Float = 1, seed: UInt64 = 0, maxNewTokens: Int = 64, stopTokens: Set<Int> = []
    ) {
        self.temperature = temperature
        self.topP = topP
        self.seed = seed
        self.maxNewTokens = maxNewTokens
        self.stopTokens = stopTokens
    }
}
