import LinearAlgebra

/// Trains a `TopKSAE` batch by batch: reconstruction loss plus the AuxK loss on dead latents, Adam,
/// decoder rows kept at unit length (the gradient's component along each row is removed before the
/// step, the row renormalised after). Deterministic for a seed and the same batches.
public struct SAETrainer: Sendable {
    /// The SAE being trained.
    public internal(set) var sae: TopKSAE
    /// The settings.
    public let options: SAETrainingOptions
    /// Tokens seen so far.
    public private(set) var tokensSeen = 0
    /// Per latent: `tokensSeen` after the last batch in which it fired.
    var lastFired: [Int]
    /// Per latent: tokens it fired on since the last resampling (or the start).
    public internal(set) var firings: [Int]
    var encoderAdam: AdamOptimizer
    var encoderBiasAdam: AdamOptimizer
    var decoderAdam: AdamOptimizer
    var decoderBiasAdam: AdamOptimizer
    /// The gradient buffers, kept between steps (zeroed, not reallocated: 5 MB per step at width 1152).
    private var gradients: SAEGradients

    /// A trainer starting from `sae`.
    public init(sae: TopKSAE, options: SAETrainingOptions) {
        self.sae = sae
        self.options = options
        lastFired = [Int](repeating: 0, count: sae.latents)
        firings = [Int](repeating: 0, count: sae.latents)
        let rate = options.learningRate
        encoderAdam = AdamOptimizer(count: sae.latents * sae.inputs, learningRate: rate)
        encoderBiasAdam = AdamOptimizer(count: sae.latents, learningRate: rate)
        decoderAdam = AdamOptimizer(count: sae.latents * sae.inputs, learningRate: rate)
        decoderBiasAdam = AdamOptimizer(count: sae.inputs, learningRate: rate)
        gradients = SAEGradients(latents: sae.latents, inputs: sae.inputs)
    }

    /// The Adam step size of every parameter (a schedule sets it between steps).
    public var learningRate: Float {
        get { encoderAdam.learningRate }
        set {
            encoderAdam.learningRate = newValue
            encoderBiasAdam.learningRate = newValue
            decoderAdam.learningRate = newValue
            decoderBiasAdam.learningRate = newValue
        }
    }

    /// The latents that have not fired in the last `options.deadAfterTokens` tokens.
    public var deadLatents: [Int32] {
        (0..<sae.latents).compactMap { tokensSeen - lastFired[$0] >= options.deadAfterTokens ? Int32($0) : nil }
    }

    /// One optimisation step on `batch` (one token per row); returns the batch's losses before the step.
    @discardableResult
    public mutating func step(_ batch: Matrix) -> SAEBatchLoss {
        if tokensSeen == 0, options.decoderBiasFromFirstBatch { sae.decoderBias = Self.columnMeans(batch) }
        let dead = deadLatents
        let auxiliary =
            dead.isEmpty
            ? nil : AuxiliaryLoss(deadLatents: dead, k: options.auxiliaryK, weight: options.auxiliaryWeight)
        gradients.zero()
        let loss = sae.lossAndGradients(batch, auxiliary: auxiliary, into: &gradients)
        encoderAdam.step(&sae.encoder.values, gradient: gradients.encoder)
        encoderBiasAdam.step(&sae.encoderBias, gradient: gradients.encoderBias)
        decoderAdam.stepUnitRows(&sae.decoder.values, gradient: &gradients.decoder, columns: sae.inputs)
        decoderBiasAdam.step(&sae.decoderBias, gradient: gradients.decoderBias)
        tokensSeen += batch.rows
        for (slot, latent) in loss.codes.indices.enumerated() where loss.codes.values[slot] > 0 {
            lastFired[Int(latent)] = tokensSeen
            firings[Int(latent)] += 1
        }
        return loss
    }

    /// Per-column means of a batch (the initial decoder bias).
    static func columnMeans(_ batch: Matrix) -> [Float] {
        var means = [Float](repeating: 0, count: batch.columns)
        for t in 0..<batch.rows { for i in 0..<batch.columns { means[i] += batch[t, i] } }
        return means.map { $0 / Float(max(batch.rows, 1)) }
    }

    /// `g_j −= (g_j · d_j) d_j` for every unit decoder row `d_j`: a step that cannot change the row's length
    /// to first order.
    static func removeParallelComponent(of gradient: inout [Float], along decoder: Matrix) {
        let inputs = decoder.columns
        for j in 0..<decoder.rows {
            var dot: Float = 0
            for i in 0..<inputs { dot += gradient[j * inputs + i] * decoder[j, i] }
            guard dot != 0 else { continue }
            for i in 0..<inputs { gradient[j * inputs + i] -= dot * decoder[j, i] }
        }
    }
}
