/// Reads a saprmarks/dictionary_learning `ae.pt` (a `torch.save`d state dict; FORMATS.md §5) into an `SAE`.
/// Layouts by key: `decoder.weight [d_in, d_sae]` with `encoder.weight [d_sae, d_in]`, `encoder.bias` and
/// `bias` (AutoEncoder) or `b_dec` (TopK, BatchTopK) or `decoder_bias` (Gated); or `W_dec [d_sae, d_in]`
/// with `W_enc`, `b_enc`, `b_dec` (JumpReLU, Matryoshka). A stored `k` makes it TopK, a per-latent
/// `threshold` JumpReLU, `r_mag` gated; otherwise standard (ReLU).
enum DictionaryLearningReader {
    /// Loads the checkpoint at `path` at the position `hook`; `config` (config.json's `trainer`) cross-checks
    /// the sizes when present.
    static func load(path: String, hook: HookPoint, config: DictionaryLearningConfig?) throws -> SAE {
        let checkpoint = try TorchCheckpoint(path: path)
        func tensor(_ name: String) -> TensorView? { checkpoint.tensorIfPresent(name) }
        let latentMajor = tensor("W_dec")
        guard let stored = latentMajor ?? tensor("decoder.weight") else {
            throw WeightError(path: path, .missingTensor("decoder.weight"))
        }
        guard stored.shape.count == 2, stored.shape.allSatisfy({ $0 > 0 }) else {
            throw WeightError(path: path, .wrongShape(tensor: stored.name, expected: [-1, -1], actual: stored.shape))
        }
        let decoder = latentMajor == nil ? stored.transposed() : stored
        let (dSAE, dIn) = (decoder.shape[0], decoder.shape[1])
        if let config {
            let expected =
                latentMajor == nil
                ? [config.dIn ?? dIn, config.dSAE ?? dSAE] : [config.dSAE ?? dSAE, config.dIn ?? dIn]
            guard stored.shape == expected else {
                throw WeightError(
                    path: path, .wrongShape(tensor: stored.name, expected: expected, actual: stored.shape))
            }
        }
        var architecture = SAEArchitecture.standard
        var threshold: [Float]?
        if let k = tensor("k") {
            architecture = .topk(k: try k.scalarInt())
        } else if let k = config?.k {
            architecture = .topk(k: k)
        } else if let stored = tensor("threshold"), stored.shape == [dSAE] {
            architecture = .jumprelu
            threshold = try stored.floats()
        } else if tensor("r_mag") != nil {
            architecture = .gated
        }
        let source = SAESource(
            path: path, weightFiles: [path], format: .dictionaryLearning, dtype: decoder.dtype.rawValue)
        return SAE(
            source: source, layer: hook.layer, hookSite: hook.hookSite,
            hookName: HookPoint.canonicalName(layer: hook.layer, hookSite: hook.hookSite), dIn: dIn, dSAE: dSAE,
            architecture: architecture, decoder: decoder.decoderMatrix(), threshold: threshold,
            needsProjection: hook.needsProjection,
            encoder: encoderWeights(checkpoint, dIn: dIn, dSAE: dSAE, architecture: architecture))
    }

    /// The encoder when the layout holds one (gated SAEs are read decoder-only). dictionary_learning
    /// subtracts the decoder bias from the input except in `JumpReluAutoEncoder`.
    static func encoderWeights(_ checkpoint: TorchCheckpoint, dIn: Int, dSAE: Int, architecture: SAEArchitecture)
        -> SAEEncoderWeights?
    {
        func vector(_ name: String, _ count: Int) -> TensorView? {
            checkpoint.tensorIfPresent(name).flatMap { $0.shape == [count] ? $0 : nil }
        }
        if architecture == .gated { return nil }
        if let weight = checkpoint.tensorIfPresent("W_enc"), weight.shape == [dIn, dSAE],
            let bias = vector("b_enc", dSAE)
        {
            return SAEEncoderWeights(
                weight: weight, layout: .inputMajor, bias: bias, decoderBias: vector("b_dec", dIn),
                applyDecoderBiasToInput: architecture != .jumprelu)
        }
        guard let weight = checkpoint.tensorIfPresent("encoder.weight"), weight.shape == [dSAE, dIn],
            let bias = vector("encoder.bias", dSAE), let decoderBias = vector("bias", dIn) ?? vector("b_dec", dIn)
        else { return nil }
        return SAEEncoderWeights(
            weight: weight, layout: .featureMajor, bias: bias, decoderBias: decoderBias, applyDecoderBiasToInput: true)
    }
}
