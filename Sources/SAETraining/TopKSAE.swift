import LinearAlgebra

/// A TopK sparse autoencoder (SAELens `topk` architecture): `pre = (x − b_dec)·W_encᵀ + b_enc`, the `k`
/// largest pre-activations kept (ReLU'd), `x̂ = z·W_dec + b_dec`. Encoder and decoder are both stored
/// latent-major (`latents × inputs`), so a latent's rows are contiguous for the sparse updates.
public struct TopKSAE: Sendable, Equatable {
    /// Encoder rows, one per latent (`W_enc` transposed): `latents × inputs`.
    public var encoder: Matrix
    /// Encoder bias, one per latent.
    public var encoderBias: [Float]
    /// Decoder rows, one per latent, kept at unit length by the trainer: `latents × inputs`.
    public var decoder: Matrix
    /// Decoder bias (also subtracted from the input before encoding).
    public var decoderBias: [Float]
    /// Active latents per token.
    public let k: Int

    /// Number of latents.
    public var latents: Int { decoder.rows }
    /// Input width.
    public var inputs: Int { decoder.columns }

    /// An SAE from its parts (shapes must agree).
    public init(encoder: Matrix, encoderBias: [Float], decoder: Matrix, decoderBias: [Float], k: Int) {
        precondition(
            encoder.rows == decoder.rows && encoder.columns == decoder.columns, "encoder/decoder shapes differ")
        precondition(encoderBias.count == decoder.rows && decoderBias.count == decoder.columns, "bias shapes differ")
        precondition(k >= 1 && k <= decoder.rows, "k must be in 1...latents")
        self.encoder = encoder
        self.encoderBias = encoderBias
        self.decoder = decoder
        self.decoderBias = decoderBias
        self.k = k
    }

    /// The usual initialisation: random unit decoder rows (seeded), the encoder tied to the decoder,
    /// zero biases (the trainer sets `decoderBias` to the data mean on the first batch).
    public init(inputs: Int, latents: Int, k: Int, seed: UInt64) {
        var random = GaussianStream(seed: seed)
        var decoder = Matrix(
            rows: latents, columns: inputs, values: (0..<(latents * inputs)).map { _ in random.next() })
        _ = decoder.normalizeRows()
        self.init(
            encoder: decoder, encoderBias: [Float](repeating: 0, count: latents), decoder: decoder,
            decoderBias: [Float](repeating: 0, count: inputs), k: k)
    }
}
