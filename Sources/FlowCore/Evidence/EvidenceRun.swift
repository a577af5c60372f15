/// One evidence pass (`evidence_run`): which text went through which model and SAEs, and with which
/// settings. `key` identifies the inputs, so a rerun with the same inputs can reuse the run.
public struct EvidenceRun: Equatable, Sendable {
    /// Row id (0 before the run is stored).
    public var id: Int
    /// SHA-256 (hex) over the model, SAE and text checksums and the settings.
    public var key: String
    /// Where activations came from: `model`, `acts` or `neuronpedia`.
    public var source: String
    /// The model's display name, when a model ran.
    public var model: String?
    /// Display names of the text inputs.
    public var texts: [String]
    /// Sequences and tokens read (tokens exclude BOS and padding).
    public var sequences: Int
    public var tokens: Int
    /// Tokens per sequence.
    public var context: Int
    /// Seed of every sampled statistic (random features, deactivation sample).
    public var seed: Int
    /// The remaining settings as canonical JSON.
    public var parameters: String

    /// A run record; `id` is assigned when it is stored.
    public init(
        id: Int = 0, key: String, source: String, model: String?, texts: [String], sequences: Int, tokens: Int,
        context: Int, seed: Int, parameters: String
    ) {
        self.id = id
        self.key = key
        self.source = source
        self.model = model
        self.texts = texts
        self.sequences = sequences
        self.tokens = tokens
        self.context = context
        self.seed = seed
        self.parameters = parameters
    }
}
