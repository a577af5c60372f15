/// What `train-saes` trains: the same settings, model, text and seed give the same SAEs on one machine.
struct SAETrainingSettings: Sendable, Equatable {
    /// Latents per SAE.
    var width: Int
    /// Active latents per token.
    var k: Int
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

    /// The settings as they are recorded in `training.json` and the cache key.
    var summary: String {
        "width=\(width) k=\(k) tokens=\(tokens) epochs=\(epochs) heldout=\(heldoutTokens) context=\(context) "
            + "batch=\(batchTokens) chunk=\(chunkTokens) lr=\(learningRate) seed=\(seed)"
    }
}
