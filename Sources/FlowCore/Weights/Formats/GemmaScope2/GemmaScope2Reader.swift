/// Reads a Gemma Scope 2 `params.safetensors` (Gemma 3; FORMATS.md §2.4): lower-case `w_enc [d_in, d_sae]`,
/// `w_dec [d_sae, d_in]`, `b_enc`, `b_dec`, `threshold`; JumpReLU with the Gemma Scope maths (raw input, no
/// `b_dec` subtraction). Names are matched case-insensitively, as SAELens does.
enum GemmaScope2Reader {
    /// Loads `path` at the position `location` states.
    static func load(path: String, location: GemmaScope2Location) throws -> SAE {
        let weights = try SafetensorsFile(path: path)
        func tensor(_ name: String) -> TensorView? {
            weights.tensorIfPresent(name) ?? weights.tensors.first { $0.name.lowercased() == name }
        }
        guard let decoder = tensor("w_dec") else { throw WeightError(path: path, .missingTensor("w_dec")) }
        guard let threshold = tensor("threshold") else { throw WeightError(path: path, .missingTensor("threshold")) }
        guard decoder.shape.count == 2, decoder.shape.allSatisfy({ $0 > 0 }) else {
            throw WeightError(path: path, .wrongShape(tensor: decoder.name, expected: [-1, -1], actual: decoder.shape))
        }
        let (dSAE, dIn) = (decoder.shape[0], decoder.shape[1])
        if threshold.shape == [dIn], dIn != dSAE {
            throw WeightError(
                path: path,
                .transposed(
                    tensor: decoder.name, expected: [dIn, dSAE], actual: decoder.shape,
                    evidence: "d_sae \(dIn) from '\(threshold.name)'"))
        }
        if let width = location.width, width != dSAE {
            throw WeightError(
                path: path,
                .folderWidth(
                    tensor: decoder.name, folder: "width_\(location.widthLabel)", expected: [width, dIn],
                    actual: decoder.shape))
        }
        try SAELensReader.expectShape(threshold, [dSAE], path: path)
        var encoder: SAEEncoderWeights?
        if let weight = tensor("w_enc"), weight.shape == [dIn, dSAE], let bias = tensor("b_enc"), bias.shape == [dSAE] {
            encoder = SAEEncoderWeights(
                weight: weight, layout: .inputMajor, bias: bias,
                decoderBias: tensor("b_dec").flatMap { $0.shape == [dIn] ? $0 : nil }, applyDecoderBiasToInput: false)
        }
        let source = SAESource(
            path: path, weightFiles: [path], format: .gemmaScope2, dtype: decoder.dtype.rawValue, neuronpediaID: nil)
        return SAE(
            source: source, layer: location.layer, hookSite: location.hookSite,
            hookName: HookPoint.canonicalName(layer: location.layer, hookSite: location.hookSite), dIn: dIn, dSAE: dSAE,
            architecture: .jumprelu, decoder: decoder.decoderMatrix(), threshold: try threshold.floats(),
            needsProjection: false, encoder: encoder)
    }
}
