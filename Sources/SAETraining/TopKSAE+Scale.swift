extension TopKSAE {
    /// The same SAE for inputs `scale` times smaller: trained on `scale · x`, it reads raw `x` after
    /// this. Encoder rows and unit decoder rows stay; the biases and hence the activations shrink by
    /// `scale` (`pre' = pre / scale` keeps the top-k choice, `x̂' = x̂ / scale`).
    public func readingUnscaledInputs(scale: Float) -> TopKSAE {
        precondition(scale > 0, "scale must be positive")
        var sae = self
        sae.encoderBias = encoderBias.map { $0 / scale }
        sae.decoderBias = decoderBias.map { $0 / scale }
        return sae
    }
}
