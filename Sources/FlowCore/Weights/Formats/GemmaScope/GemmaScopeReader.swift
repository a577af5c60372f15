/// Reads a Gemma Scope `params.npz` into an `SAE`; layer, site and width come from the path (FORMATS.md §2).
public enum GemmaScopeReader {
    /// Loads the SAE at `path` (a `params.npz` whose path follows `GemmaScopeLocation`).
    public static func load(path: String) throws -> SAE {
        guard let location = GemmaScopeLocation(path: path) else {
            throw WeightError(
                path: path,
                .unrecognised(
                    "not a Gemma Scope path (expected …gemma-scope-2b-pt-res|mlp|att/layer_L/width_W/average_l0_N/params.npz)"
                ))
        }
        return try load(path: path, location: location)
    }

    /// Loads `path` with an explicit location (used by manifests).
    ///
    /// Shapes are checked against each other before the folder's width: `threshold` (or `b_enc`) gives
    /// d_sae and `b_dec` gives d_in, so a `W_dec` stored as `[d_in, d_sae]` is named as transposed rather
    /// than blamed on another tensor.
    public static func load(path: String, location: GemmaScopeLocation) throws -> SAE {
        let archive = try NpzArchive(path: path)
        let decoder = try archive.array("W_dec")
        guard decoder.shape.count == 2, decoder.shape.allSatisfy({ $0 > 0 }) else {
            throw WeightError(path: path, .wrongShape(tensor: "W_dec", expected: [-1, -1], actual: decoder.shape))
        }
        let thresholdView = try archive.array("threshold")
        let (rows, columns) = (decoder.shape[0], decoder.shape[1])
        // What the vectors say about d_sae and d_in, independently of W_dec.
        let latents = [thresholdView, archive.arrayIfPresent("b_enc")].compactMap { view -> (String, Int)? in
            guard let view, view.shape.count == 1 else { return nil }
            return (view.name, view.shape[0])
        }
        let inputs = archive.arrayIfPresent("b_dec").flatMap { $0.shape.count == 1 ? $0.shape[0] : nil }
        if let (name, dSAE) = latents.first, columns == dSAE, rows != dSAE, inputs == nil || inputs == rows {
            let evidence = "d_sae \(dSAE) from '\(name)'" + (inputs.map { ", d_in \($0) from 'b_dec'" } ?? "")
            throw WeightError(
                path: path,
                .transposed(tensor: "W_dec", expected: [dSAE, rows], actual: decoder.shape, evidence: evidence))
        }
        let (dSAE, dIn) = (rows, columns)
        if let width = location.width, width != dSAE {
            throw WeightError(
                path: path,
                .folderWidth(
                    tensor: "W_dec", folder: "width_\(location.widthLabel)", expected: [width, dIn],
                    actual: decoder.shape))
        }
        guard thresholdView.shape == [dSAE] else {
            throw WeightError(
                path: path, .wrongShape(tensor: "threshold", expected: [dSAE], actual: thresholdView.shape))
        }
        let hookZ = location.hookSite == .att
        let source = SAESource(
            path: path, weightFiles: [path], format: .gemmaScope, dtype: decoder.dtype.rawValue,
            neuronpediaID: location.neuronpediaID)
        return SAE(
            source: source, layer: location.layer, hookSite: location.hookSite,
            hookName: HookPoint.canonicalName(layer: location.layer, hookSite: location.hookSite, hookZ: hookZ),
            dIn: dIn,
            dSAE: dSAE, architecture: .jumprelu, decoder: decoder.decoderMatrix(),
            threshold: try thresholdView.floats(),
            needsProjection: hookZ, encoder: encoderWeights(archive, dIn: dIn, dSAE: dSAE))
    }

    /// `W_enc`, `b_enc`, `b_dec` when present with matching shapes; Gemma Scope encodes raw x (no `b_dec`
    /// subtraction, no normalisation; FORMATS.md §2.2).
    static func encoderWeights(_ archive: NpzArchive, dIn: Int, dSAE: Int) -> SAEEncoderWeights? {
        guard let weight = archive.arrayIfPresent("W_enc"), weight.shape == [dIn, dSAE],
            let bias = archive.arrayIfPresent("b_enc"), bias.shape == [dSAE]
        else { return nil }
        let decoderBias = archive.arrayIfPresent("b_dec").flatMap { $0.shape == [dIn] ? $0 : nil }
        return SAEEncoderWeights(
            weight: weight, layout: .inputMajor, bias: bias, decoderBias: decoderBias, applyDecoderBiasToInput: false)
    }
}
