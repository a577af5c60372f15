import LinearAlgebra
import ModelRuntime
import SAETraining

/// One hook's SAE in training. Activations are scaled so that their mean squared norm is `d_in` (the
/// scale is fixed from the first batch), which makes one learning rate fit every hook; the scale is
/// folded back into the biases when the SAE is written, so the saved SAE reads raw activations.
struct HookTrainer {
    /// The hook the SAE reads.
    let hook: TransformerHook
    /// The trainer (nil until the first batch fixes the scale).
    private(set) var trainer: SAETrainer?
    /// Input scale (`√(d_in / mean ‖x‖²)` of the first batch).
    private(set) var scale: Float = 1
    private let settings: SAETrainingSettings
    private let index: Int

    init(hook: TransformerHook, index: Int, settings: SAETrainingSettings) {
        self.hook = hook
        self.index = index
        self.settings = settings
    }

    /// One step on a batch of raw activations.
    mutating func step(_ batch: Matrix) {
        if trainer == nil {
            var squares: Double = 0
            for value in batch.values { squares += Double(value) * Double(value) }
            let meanSquare = squares / Double(max(batch.rows, 1))
            scale = meanSquare > 0 ? Float((Double(batch.columns) / meanSquare).squareRoot()) : 1
            let sae = TopKSAE(
                inputs: batch.columns, latents: settings.width, k: settings.k,
                seed: SplitMix64.key(settings.seed, UInt64(index)))
            var options = SAETrainingOptions(inputs: batch.columns)
            options.learningRate = settings.learningRate
            // Dead means "silent for about five steps": the runs are short.
            options.deadAfterTokens = 5 * settings.batchTokens
            trainer = SAETrainer(sae: sae, options: options)
        }
        let scaled = Matrix(rows: batch.rows, columns: batch.columns, values: batch.values.map { $0 * scale })
        trainer!.step(scaled)
    }

    /// The trained SAE, reading raw activations.
    var sae: TopKSAE? { trainer?.sae.readingUnscaledInputs(scale: scale) }
}
