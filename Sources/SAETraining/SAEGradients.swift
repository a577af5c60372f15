/// Gradients of the training loss with respect to every parameter of a `TopKSAE`, laid out like it.
public struct SAEGradients: Sendable, Equatable {
    /// d loss / d encoder rows (`latents × inputs`, row-major).
    public var encoder: [Float]
    /// d loss / d encoder bias.
    public var encoderBias: [Float]
    /// d loss / d decoder rows (`latents × inputs`, row-major).
    public var decoder: [Float]
    /// d loss / d decoder bias.
    public var decoderBias: [Float]

    /// Zero gradients for an SAE of that shape.
    public init(latents: Int, inputs: Int) {
        encoder = [Float](repeating: 0, count: latents * inputs)
        encoderBias = [Float](repeating: 0, count: latents)
        decoder = [Float](repeating: 0, count: latents * inputs)
        decoderBias = [Float](repeating: 0, count: inputs)
    }

    /// Sets every gradient to zero (in place).
    public mutating func zero() {
        for index in encoder.indices { encoder[index] = 0 }
        for index in decoder.indices { decoder[index] = 0 }
        for index in encoderBias.indices { encoderBias[index] = 0 }
        for index in decoderBias.indices { decoderBias[index] = 0 }
    }
}
