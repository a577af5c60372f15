/// What `train-saes` trains: the same settings, model, text and seed give the same SAEs on one machine.
struct SAETrainingSettings: Sendable, Equatable {
    /// Latents per SAE.
    var width: Int
    /// Active latents per token.
    var k: Int
    /// Training tokens per epoch (whole sequences).
    var tokens: Int
    /// Passes over the training tokens.
    var epochs: Int
    /// Held-out tokens measured after training.
    var heldoutTokens: Int
    /// Tokens per sequence.
    var context: Int
    /// Tokens per optimisation step (whole sequences).
    var batchTokens: Int
    /// Adam step size (on activations scaled to mean squared norm d_in).
    var learningRate: Float
    /// Seed of every SAE's initialisation.
    var seed: UInt64

    /// The settings as they are recorded in `training.json` and the cache key.
    var summary: String {
        "width=\(width) k=\(k) tokens=\(tokens) epochs=\(epochs) heldout=\(heldoutTokens) context=\(context) "
            + "batch=\(batchTokens) lr=\(learningRate) seed=\(seed)"
    }
}
