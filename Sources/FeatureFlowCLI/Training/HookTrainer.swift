import LinearAlgebra
import ModelRuntime
import SAETraining

/// One hook's SAE in training. Activations are scaled so that their median norm is `√d_in` (the scale
/// is fixed from the first chunk; `InputScale`), which makes one learning rate fit every hook; the scale is
/// folded back into the biases when the SAE is written, so the saved SAE reads raw activations.
struct HookTrainer {
    /// The hook the SAE reads.
    let hook: TransformerHook
    /// The trainer (nil until the first chunk or batch fixes the scale and the start).
    private(set) var trainer: SAETrainer?
    /// Input scale (`√d_in / median ‖x‖` of the first chunk).
    private(set) var scale: Float = 1
    /// Rows of a larger norm are massive-activation tokens, left out of training and of the held-out
    /// figures (`MassiveTokens.factor ×` the first chunk's median raw norm; infinite until the start).
    private(set) var normLimit: Float = .infinity
    private let settings: SAETrainingSettings
    private let index: Int

    init(hook: TransformerHook, index: Int, settings: SAETrainingSettings) {
        self.hook = hook
        self.index = index
        self.settings = settings
    }

    /// Starts the SAE on `sample` (raw activations, e.g. the first chunk): the input scale
    /// (`InputScale.of`) and `b_dec` (the scaled sample's mean) come from it; the decoder rows are
    /// random unit vectors (seeded per hook) and the encoder is tied to them.
    mutating func start(sample: Matrix) {
        scale = InputScale.of(sample)
        let median = MassiveTokens.medianNorm(sample)
        normLimit = median > 0 && median.isFinite ? MassiveTokens.factor * median : .infinity
        var sae = TopKSAE(
            inputs: sample.columns, latents: settings.width, k: settings.k(for: hook),
            seed: SplitMix64.key(settings.seed, UInt64(index)))
        var mean = [Double](repeating: 0, count: sample.columns)
        for t in 0..<sample.rows { for i in 0..<sample.columns { mean[i] += Double(sample[t, i]) } }
        sae.decoderBias = mean.map { Float($0 / Double(max(sample.rows, 1))) * scale }
        var options = SAETrainingOptions(inputs: sample.columns)
        options.learningRate = settings.learningRate
        options.decoderBiasFromFirstBatch = false
        // Dead means "silent for a whole chunk's worth of tokens": the runs are short.
        options.deadAfterTokens = max(settings.chunkTokens, 5 * settings.batchTokens)
        trainer = SAETrainer(sae: sae, options: options)
    }

    /// One step on a batch of raw activations at `learningRate` (the first batch starts the SAE when
    /// `start(sample:)` was not called).
    mutating func step(_ batch: Matrix, learningRate: Float) {
        if trainer == nil { start(sample: batch) }
        trainer!.learningRate = learningRate
        trainer!.step(scaled(batch))
    }

    /// Resamples the latents that fired on fewer than `minimumFirings` training rows since the last
    /// resampling towards the worst-reconstructed rows of `sample` (raw activations;
    /// `SAETrainer.resample`). Returns how many were resampled.
    @discardableResult
    mutating func resample(firedFewerThan minimumFirings: Int, toward sample: Matrix, chunk: Int) -> Int {
        guard trainer != nil else { return 0 }
        let seed = SplitMix64.key(settings.seed, UInt64(index), UInt64(chunk), 0x5E5A)
        return trainer!.resample(firedFewerThan: minimumFirings, toward: scaled(sample), seed: seed).count
    }

    private func scaled(_ batch: Matrix) -> Matrix {
        Matrix(rows: batch.rows, columns: batch.columns, values: batch.values.map { $0 * scale })
    }

    /// The trained SAE, reading raw activations.
    var sae: TopKSAE? { trainer?.sae.readingUnscaledInputs(scale: scale) }
}
