/// The transformer families the runtime runs (MODELS.md §3).
public enum ModelArchitecture: String, Sendable, Equatable {
    /// Llama 2/3, SmolLM2: RMSNorm, RoPE, grouped-query attention, SwiGLU.
    case llama
    /// Gemma 2: (1 + w) RMSNorm, pre/post norms, GeGLU, soft-capping, sliding windows.
    case gemma2
}

/// Llama 3.x `rope_scaling` with `rope_type: llama3`.
public struct RopeScaling: Sendable, Equatable {
    /// `factor`.
    public var factor: Float
    /// `low_freq_factor`.
    public var lowFrequencyFactor: Float
    /// `high_freq_factor`.
    public var highFrequencyFactor: Float
    /// `original_max_position_embeddings`.
    public var originalContextLength: Int

    /// A scaling with every field given.
    public init(factor: Float, lowFrequencyFactor: Float, highFrequencyFactor: Float, originalContextLength: Int) {
        self.factor = factor
        self.lowFrequencyFactor = lowFrequencyFactor
        self.highFrequencyFactor = highFrequencyFactor
        self.originalContextLength = originalContextLength
    }
}

/// Everything the forward pass needs to know about a checkpoint's shape, whatever file it came from.
public struct ModelConfig: Sendable, Equatable {
    /// Which family's block to run.
    public var architecture: ModelArchitecture
    /// Number of transformer blocks.
    public var layerCount: Int
    /// Residual-stream width (d_model).
    public var modelDimension: Int
    /// MLP hidden width (d_ff).
    public var feedForwardDimension: Int
    /// Query heads.
    public var headCount: Int
    /// Key/value heads (grouped-query attention when fewer than `headCount`).
    public var keyValueHeadCount: Int
    /// Width of one head.
    public var headDimension: Int
    /// Number of token embeddings.
    public var vocabularySize: Int
    /// RMSNorm epsilon.
    public var rmsNormEpsilon: Float
    /// RoPE base frequency (`rope_theta`, GGUF `rope.freq_base`).
    public var ropeTheta: Float
    /// Llama 3 frequency scaling, when the checkpoint has one.
    public var ropeScaling: RopeScaling?
    /// Whether the output projection is the token embedding (no `lm_head.weight`).
    public var tiedEmbeddings: Bool
    /// Longest context the checkpoint was trained for.
    public var contextLength: Int
    /// Gemma 2: queries are scaled by `queryPreAttentionScalar^-½` (Llama: `headDimension^-½`).
    public var queryPreAttentionScalar: Float?
    /// Gemma 2: attention logits soft-capped at `c·tanh(z/c)`.
    public var attentionLogitSoftcap: Float?
    /// Gemma 2: final logits soft-capped at `c·tanh(z/c)`.
    public var finalLogitSoftcap: Float?
    /// Gemma 2: window of the sliding-window layers (the even-indexed ones).
    public var slidingWindow: Int?

    /// A configuration with every required field; the Gemma-only fields default to nil.
    public init(
        architecture: ModelArchitecture, layerCount: Int, modelDimension: Int, feedForwardDimension: Int,
        headCount: Int, keyValueHeadCount: Int, headDimension: Int, vocabularySize: Int,
        rmsNormEpsilon: Float, ropeTheta: Float, ropeScaling: RopeScaling? = nil, tiedEmbeddings: Bool,
        contextLength: Int, queryPreAttentionScalar: Float? = nil, attentionLogitSoftcap: Float? = nil,
        finalLogitSoftcap: Float? = nil, slidingWindow: Int? = nil
    ) {
        self.architecture = architecture
        self.layerCount = layerCount
        self.modelDimension = modelDimension
        self.feedForwardDimension = feedForwardDimension
        self.headCount = headCount
        self.keyValueHeadCount = keyValueHeadCount
        self.headDimension = headDimension
        self.vocabularySize = vocabularySize
        self.rmsNormEpsilon = rmsNormEpsilon
        self.ropeTheta = ropeTheta
        self.ropeScaling = ropeScaling
        self.tiedEmbeddings = tiedEmbeddings
        self.contextLength = contextLength
        self.queryPreAttentionScalar = queryPreAttentionScalar
        self.attentionLogitSoftcap = attentionLogitSoftcap
        self.finalLogitSoftcap = finalLogitSoftcap
        self.slidingWindow = slidingWindow
    }
}
