import Foundation

/// Reads a SAELens folder (`cfg.json` + `sae_weights.safetensors`) into an `SAE` (FORMATS.md §1).
public enum SAELensReader {
    /// The weights file inside a SAELens folder.
    public static let weightsFile = "sae_weights.safetensors"

    /// Loads `folder`; `warnings` receives notes that do not stop loading. Opening reads no decoder row.
    /// `hook` overrides the position parsed from the config's hook name (manifests).
    public static func load(folder: String, hook explicit: HookPoint? = nil, warnings: inout [String]) throws -> SAE {
        let configPath = folder + "/cfg.json"
        let config = try SAELensConfig(path: configPath)
        guard let hook = explicit ?? HookPoint(hookName: config.hookName) else {
            throw WeightError(
                path: configPath, .unrecognised("hook '\(config.hookName)' is not a residual, MLP or attention output"))
        }
        let weightsPath = folder + "/" + weightsFile
        let weights = try SafetensorsFile(path: weightsPath)
        let decoder = try weights.tensor("W_dec")
        try expectShape(decoder, [config.dSAE, config.dIn], path: weightsPath)
        var threshold: [Float]?
        if case .jumprelu = config.architecture {
            if let stored = weights.tensorIfPresent("threshold") {
                try expectShape(stored, [config.dSAE], path: weightsPath)
                threshold = try stored.floats()
            } else if let logarithm = weights.tensorIfPresent("log_threshold") {
                try expectShape(logarithm, [config.dSAE], path: weightsPath)
                threshold = try logarithm.floats().map { Foundation.exp($0) }
            } else {
                throw WeightError(path: weightsPath, .missingTensor("threshold"))
            }
        }
        if config.normalizeActivations == "expected_average_only_in" {
            warnings.append(
                "\(configPath): normalize_activations 'expected_average_only_in' was not folded; decoder directions are unaffected"
            )
        }
        let source = SAESource(
            path: folder, weightFiles: [weightsPath], format: .saelens, dtype: decoder.dtype.rawValue,
            neuronpediaID: config.neuronpediaID)
        return SAE(
            source: source, layer: hook.layer, hookSite: hook.hookSite, hookName: config.hookName, dIn: config.dIn,
            dSAE: config.dSAE, architecture: config.architecture, decoder: decoder.decoderMatrix(),
            threshold: threshold,
            needsProjection: hook.needsProjection,
            encoder: encoderWeights(weights, config: config))
    }

    /// The encoder tensors when present with the shapes the config implies; nil otherwise (decoder-only files
    /// keep loading as before).
    static func encoderWeights(_ weights: SafetensorsFile, config: SAELensConfig) -> SAEEncoderWeights? {
        let (dIn, dSAE) = (config.dIn, config.dSAE)
        func vector(_ name: String, _ count: Int) -> TensorView? {
            weights.tensorIfPresent(name).flatMap { $0.shape == [count] ? $0 : nil }
        }
        guard let weight = weights.tensorIfPresent("W_enc"), weight.shape == [dIn, dSAE],
            let normalization = SAEEncoderWeights.Normalization(rawValue: config.normalizeActivations)
        else { return nil }
        var gate: SAEEncoderWeights.Gate?
        if case .gated = config.architecture {
            guard let bGate = vector("b_gate", dSAE), let rMag = vector("r_mag", dSAE), let bMag = vector("b_mag", dSAE)
            else { return nil }
            gate = SAEEncoderWeights.Gate(bGate: bGate, rMag: rMag, bMag: bMag)
        }
        let bias = vector("b_enc", dSAE)
        guard gate != nil || bias != nil else { return nil }
        return SAEEncoderWeights(
            weight: weight, layout: .inputMajor, bias: bias, decoderBias: vector("b_dec", dIn), gate: gate,
            applyDecoderBiasToInput: config.applyDecoderBiasToInput, normalization: normalization)
    }

    /// Throws `wrongShape` naming the file unless `view` has `shape`.
    static func expectShape(_ view: TensorView, _ shape: [Int], path: String) throws {
        guard view.shape == shape else {
            throw WeightError(path: path, .wrongShape(tensor: view.name, expected: shape, actual: view.shape))
        }
    }
}
