import Foundation

/// Reads a Llama Scope folder (`hyperparams.json` + `checkpoints/final.safetensors`) into an `SAE`,
/// applying the standardisation of FORMATS.md §3.4 to decoder rows as they are read.
public enum LlamaScopeReader {
    /// Weight files lm_saes looks for, in its order (safetensors only).
    public static let weightCandidates = [
        "sae_weights.safetensors", "checkpoints/pruned.safetensors", "checkpoints/final.safetensors",
    ]

    /// Loads `folder`; `hook` overrides the position parsed from `hook_point_in` (manifests).
    public static func load(folder: String, hook explicit: HookPoint? = nil) throws -> SAE {
        let configPath = folder + "/hyperparams.json"
        let config = try JSONConfig(path: configPath)
        func bad(_ why: String) -> WeightError { WeightError(path: configPath, .badConfig(why)) }
        let hookIn = try config.requireString("hook_point_in")
        if let hookOut = config.string("hook_point_out"), hookOut != hookIn, explicit == nil {
            throw WeightError(
                path: configPath, .unrecognised("transcoder (\(hookIn) → \(hookOut)); featureflow matches SAEs only"))
        }
        guard let hook = explicit ?? HookPoint(hookName: hookIn) else {
            throw WeightError(
                path: configPath, .unrecognised("hook '\(hookIn)' is not a residual, MLP or attention output"))
        }
        let dModel = try config.requireInt("d_model")
        let dSAE =
            try config.int("d_sae")
            ?? config.product(dModel, "d_model", config.requireInt("expansion_factor"), "expansion_factor")
        guard dSAE > 0 else { throw bad("'d_sae' is not a positive integer") }
        guard let norms = config.object("dataset_average_activation_norm"), let normIn = norms.double("in"),
            let normOut = norms.double("out"), normIn > 0, normOut > 0
        else { throw bad("'dataset_average_activation_norm' needs positive 'in' and 'out'") }
        let threshold = config.double("jump_relu_threshold")
        let unitColumns = config.bool("sparsity_include_decoder_norm") ?? false

        let fileManager = FileManager.default
        guard let relative = weightCandidates.first(where: { fileManager.fileExists(atPath: folder + "/" + $0) }) else {
            throw WeightError(
                path: folder, .unreadable("no checkpoints/final.safetensors (or sae_weights.safetensors)"))
        }
        let weightsPath = folder + "/" + relative
        let weights = try SafetensorsFile(path: weightsPath)
        let stored = try weights.tensor("decoder.weight")
        guard stored.shape == [dModel, dSAE] else {
            throw WeightError(
                path: weightsPath, .wrongShape(tensor: stored.name, expected: [dModel, dSAE], actual: stored.shape))
        }
        // §3.4 step 2 scales D by s_in/s_out; step 3 then divides each column by its norm, which
        // cancels that scale, so a unit-column decoder is just the normalised stored column.
        let scale = Float(normOut / normIn)  // (sqrt(d)/in) / (sqrt(d)/out)
        let decoder = stored.transposed().decoderMatrix { row, _ in
            if unitColumns {
                let norm = row.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
                if norm > 0 { for index in row.indices { row[index] /= norm } }
            } else {
                for index in row.indices { row[index] *= scale }
            }
        }
        // lm_saes encodes raw x with the standardised bias b_E / s_in, times the scaled decoder column norm
        // when `sparsity_include_decoder_norm` (FORMATS.md §3.4).
        var encoder: SAEEncoderWeights?
        if let weight = weights.tensorIfPresent("encoder.weight"), weight.shape == [dSAE, dModel],
            let bias = weights.tensorIfPresent("encoder.bias"), bias.shape == [dSAE]
        {
            encoder = SAEEncoderWeights(
                weight: weight, layout: .featureMajor, bias: bias,
                decoderBias: weights.tensorIfPresent("decoder.bias").flatMap { $0.shape == [dModel] ? $0 : nil },
                applyDecoderBiasToInput: false, datasetNormScale: Float(Double(dModel).squareRoot() / normIn),
                decoderForNorms: unitColumns ? stored.transposed() : nil, decoderNormFactor: scale)
        }
        let source = SAESource(
            path: folder, weightFiles: [weightsPath], format: .llamaScope, dtype: stored.dtype.rawValue,
            neuronpediaID: nil)
        return SAE(
            source: source, layer: hook.layer, hookSite: hook.hookSite, hookName: hookIn, dIn: dModel, dSAE: dSAE,
            architecture: threshold == nil ? .standard : .jumprelu, decoder: decoder,
            threshold: threshold.map { [Float](repeating: Float($0), count: dSAE) },
            needsProjection: hook.needsProjection, encoder: encoder)
    }
}
