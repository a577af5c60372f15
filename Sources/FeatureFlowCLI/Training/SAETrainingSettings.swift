import ModelRuntime
import SAETraining

/// What `train-saes` trains: the same settings, model, text and seed give the same SAEs on one machine.
struct SAETrainingSettings: Sendable, Equatable {
    /// Latents per SAE.
    var width: Int
    /// Active latents per token.
    var k: Int
    /// Active latents per token of the `hook_mlp_out` SAEs (nil: `k`).
    var mlpK: Int? = nil
    /// Active latents per token of the `hook_attn_out` SAEs (nil: `k`).
    var attnK: Int? = nil
    /// Training tokens per epoch (whole sequences).
    var tokens: Int
    /// Passes of every SAE over each captured chunk (the model runs once per token).
    var epochs: Int
    /// Held-out tokens measured after training.
    var heldoutTokens: Int
    /// Tokens per sequence.
    var context: Int
    /// Tokens per optimisation step (drawn from the chunk in a shuffled order).
    var batchTokens: Int
    /// Tokens per model forward pass (whole sequences); one chunk of every hook's activations is held.
    var chunkTokens: Int
    /// Adam step size (on activations scaled to mean squared norm d_in).
    var learningRate: Float
    /// Seed of every SAE's initialisation.
    var seed: UInt64
    /// Latents that fired on fewer training rows than this since the previous chunk are resampled at the
    /// start of each chunk in the first half of the steps (nil: never; `SAETrainer.resample`).
    var resampleBelow: Int? = nil

    /// The `k` of the SAE at `hook`.
    func k(for hook: TransformerHook) -> Int {
        switch hook {
        case .mlpOut: return mlpK ?? k
        case .attnOut: return attnK ?? k
        default: return k
        }
    }

    /// Changes whenever the trainer's arithmetic does (selection, update order, resampling), so a changed
    /// trainer retrains instead of reusing SAEs cached under the same settings.
    static let trainerVersion = 4

    /// The massive-token rule as the settings summary records it (it changes what is trained on).
    private var massiveSummary: String { " massive>\(MassiveTokens.factor)x" }

    /// The settings as they are recorded in `training.json` and the cache key.
    var summary: String {
        "width=\(width) k=\(k) tokens=\(tokens) epochs=\(epochs) heldout=\(heldoutTokens) context=\(context) "
            + "batch=\(batchTokens) chunk=\(chunkTokens) lr=\(learningRate) seed=\(seed)"
            + massiveSummary
            + (mlpK.map { " k_mlp=\($0)" } ?? "") + (attnK.map { " k_attn=\($0)" } ?? "")
            + (resampleBelow.map { " resample<\($0)" } ?? "") + " trainer=\(Self.trainerVersion)"
    }
}
