/// Reads an EleutherAI sparsify folder (`cfg.json` + `sae.safetensors`, named `layers.10`, `layers.10.mlp`…).
public enum SparsifyReader {
    /// The weights file inside a sparsify folder.
    public static let weightsFile = "sae.safetensors"

    /// Layer and site from a sparsify folder name: `layers.L` (residual), `layers.L.mlp`,
    /// `layers.L.self_attn`/`layers.L.attn`/`layers.L.attention`; the older `layer_L` too.
    public static func hookPoint(folderName: String) -> HookPoint? {
        let name = folderName.replacingOccurrences(of: "layer_", with: "layers.")
        let parts = name.split(separator: ".").map(String.init)
        guard parts.count >= 2, parts[0] == "layers", let layer = Int(parts[1]), layer >= 0 else { return nil }
        switch parts.dropFirst(2).joined(separator: ".") {
        case "": return HookPoint(layer: layer, hookSite: .res)
        case "mlp": return HookPoint(layer: layer, hookSite: .mlp)
        case "self_attn", "attn", "attention": return HookPoint(layer: layer, hookSite: .att)
        default: return nil
        }
    }

    /// Loads `folder`; `hook` overrides the position taken from the folder name.
    public static func load(folder: String, hook explicit: HookPoint? = nil) throws -> SAE {
        let configPath = folder + "/cfg.json"
        let config = try JSONConfig(path: configPath)
        let folderName = String(folder.split(separator: "/").last ?? "")
        guard let hook = explicit ?? hookPoint(folderName: folderName) else {
            throw WeightError(
                path: folder, .unrecognised("cannot tell layer and site from the folder name '\(folderName)'"))
        }
        if config.bool("transcode") == true {
            throw WeightError(path: configPath, .unrecognised("transcoder; featureflow matches SAEs only"))
        }
        let dIn = try config.requireInt("d_in")
        var dSAE = config.int("num_latents") ?? 0
        if dSAE == 0 {
            dSAE = try config.product(dIn, "d_in", config.requireInt("expansion_factor"), "expansion_factor")
        }
        let k = try config.requireInt("k")
        if let activation = config.string("activation"), activation != "topk" {
            throw WeightError(path: configPath, .badConfig("activation '\(activation)' is not supported (topk only)"))
        }
        let weightsPath = folder + "/" + weightsFile
        let weights = try SafetensorsFile(path: weightsPath)
        let decoder = try weights.tensor("W_dec")
        try SAELensReader.expectShape(decoder, [dSAE, dIn], path: weightsPath)
        let source = SAESource(
            path: folder, weightFiles: [weightsPath], format: .sparsify, dtype: decoder.dtype.rawValue,
            neuronpediaID: nil)
        return SAE(
            source: source, layer: hook.layer, hookSite: hook.hookSite,
            hookName: HookPoint.canonicalName(layer: hook.layer, hookSite: hook.hookSite), dIn: dIn, dSAE: dSAE,
            architecture: .topk(k: k), decoder: decoder.decoderMatrix(), needsProjection: false,
            encoder: encoderWeights(weights, dIn: dIn, dSAE: dSAE))
    }

    /// `encoder.weight [d_sae, d_in]`, `encoder.bias`, `b_dec` when present; sparsify subtracts `b_dec`
    /// from the input (FORMATS.md §4).
    static func encoderWeights(_ weights: SafetensorsFile, dIn: Int, dSAE: Int) -> SAEEncoderWeights? {
        guard let weight = weights.tensorIfPresent("encoder.weight"), weight.shape == [dSAE, dIn],
            let bias = weights.tensorIfPresent("encoder.bias"), bias.shape == [dSAE],
            let decoderBias = weights.tensorIfPresent("b_dec"), decoderBias.shape == [dIn]
        else { return nil }
        return SAEEncoderWeights(
            weight: weight, layout: .featureMajor, bias: bias, decoderBias: decoderBias, applyDecoderBiasToInput: true)
    }
}
