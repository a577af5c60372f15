/// What an evidence pass reads and how (the settings that enter the run key are `settingsJSON`).
public struct EvidenceRequest: Sendable {
    /// A GGUF file or Hugging Face folder: run it on `texts` (or, with `acts`, only decode tokens with its
    /// tokeniser).
    public var model: String?
    /// Plain-text or JSONL (`text` field) files.
    public var texts: [String]
    /// An activation dump folder instead of running the model.
    public var acts: String?
    /// At most this many tokens (whole sequences); nil: all of the text.
    public var tokens: Int?
    /// Tokens per sequence.
    public var context: Int
    /// Seed of the random baselines and the deactivation sample.
    public var seed: Int
    /// Contexts stored per feature.
    public var top: Int
    /// Decoded tokens kept before and after the active one in a context.
    public var before: Int
    public var after: Int
    /// Sequences per forward pass.
    public var batch: Int
    /// MiB of model weights kept decoded as F32.
    public var weightCacheMiB: Int
    /// The deactivation sample: sequences, tokens per sequence, layers, targets per (token, layer); 0
    /// sequences skips deactivation.
    public var deactivationTexts: Int
    public var deactivationTokens: Int
    public var deactivationLayers: Int
    public var deactivationTargets: Int
    /// The rescaling factors of the r sweep (0 is the removal itself).
    public var rValues: [Double]

    /// A request with the defaults of `featureflow evidence`.
    public init(
        model: String? = nil, texts: [String] = [], acts: String? = nil, tokens: Int? = nil, context: Int = 128,
        seed: Int = 0, top: Int = 20, before: Int = 8, after: Int = 4, batch: Int = 8, weightCacheMiB: Int = 1024,
        deactivationTexts: Int = 10, deactivationTokens: Int = 5, deactivationLayers: Int = 3,
        deactivationTargets: Int = 25, rValues: [Double] = [-2, -1, 0, 1, 2, 3]
    ) {
        self.model = model
        self.texts = texts
        self.acts = acts
        self.tokens = tokens
        self.context = context
        self.seed = seed
        self.top = top
        self.before = before
        self.after = after
        self.batch = batch
        self.weightCacheMiB = weightCacheMiB
        self.deactivationTexts = deactivationTexts
        self.deactivationTokens = deactivationTokens
        self.deactivationLayers = deactivationLayers
        self.deactivationTargets = deactivationTargets
        self.rValues = rValues
    }

    /// The settings that change results, as canonical JSON (sorted keys, no spaces).
    public var settingsJSON: String {
        let r = rValues.map { String($0) }.joined(separator: ",")
        return "{\"after\":\(after),\"before\":\(before),\"context\":\(context),"
            + "\"deactivation\":[\(deactivationTexts),\(deactivationTokens),\(deactivationLayers),"
            + "\(deactivationTargets)],\"r\":[\(r)],\"seed\":\(seed),\"tokens\":\(tokens.map(String.init) ?? "null"),"
            + "\"top\":\(top)}"
    }
}
