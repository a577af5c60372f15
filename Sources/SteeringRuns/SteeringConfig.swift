import CanonicalOutput
import FlowCore

/// What a steering run's results depend on besides the plan (docs/steering.md): model, SAEs, the theme's
/// prompts, keywords and held-out features, and the sampling settings. Its key, with a plan's key, keys
/// a stored run, so a rerun with the same inputs reuses it.
public struct SteeringConfig: Codable, Sendable, Equatable {
    /// SHA-256 of the model file (or of its folder's weight files).
    public var model: String
    /// SHA-256 of the SAEs' checksums as the flow database records them.
    public var saes: String
    /// The prompts, as given.
    public var prompts: [String]
    /// Whether prompts were wrapped in the chat template.
    public var chat: Bool
    /// Samples per prompt.
    public var samples: Int
    /// Tokens generated at most per sample.
    public var maxNew: Int
    /// Sampling temperature (0: greedy).
    public var temperature: Float
    /// Nucleus mass.
    public var topP: Float
    /// Seed of sample j: seed + j (the same for the baseline and every plan).
    public var seed: UInt64
    /// Theme direction, keywords and held-out features (evaluation inputs).
    public var direction: SteeringTheme.Direction
    public var keywords: [String]
    public var heldOut: [String]
    /// Version of the evaluation definitions (bumped when docs/steering.md's formulas change).
    public var evaluation: Int = 1

    /// A configuration.
    public init(
        model: String, saes: String, prompts: [String], chat: Bool, samples: Int, maxNew: Int, temperature: Float,
        topP: Float, seed: UInt64, direction: SteeringTheme.Direction, keywords: [String], heldOut: [FeatureID]
    ) {
        self.model = model
        self.saes = saes
        self.prompts = prompts
        self.chat = chat
        self.samples = samples
        self.maxNew = maxNew
        self.temperature = temperature
        self.topP = topP
        self.seed = seed
        self.direction = direction
        self.keywords = keywords
        self.heldOut = heldOut.map(\.description)
    }

    /// SHA-256 of the canonical JSON.
    public var key: String { SteeringPlanRecord.hash(CanonicalJSON.bytes(self)) }
}
