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
    public static func load(path: String, location: GemmaScopeLocation) throws -> SAE {
        let archive = try NpzArchive(path: path)
        let decoder = try archive.array("W_dec")
        guard decoder.shape.count == 2, decoder.shape.allSatisfy({ $0 > 0 }) else {
            throw WeightError(path: path, .wrongShape(tensor: "W_dec", expected: [-1, -1], actual: decoder.shape))
        }
        let (dSAE, dIn) = (decoder.shape[0], decoder.shape[1])
        if let width = location.width, width != dSAE {
            throw WeightError(path: path, .wrongShape(tensor: "W_dec", expected: [width, dIn], actual: decoder.shape))
        }
        let thresholdView = try archive.array("threshold")
        guard thresholdView.shape == [dSAE] else {
            throw WeightError(
                path: path, .wrongShape(tensor: "threshold", expected: [dSAE], actual: thresholdView.shape))
        }
        let hookZ = location.site == .att
        let source = SAESource(
            path: path, weightFiles: [path], format: .gemmaScope, dtype: decoder.dtype.rawValue,
            neuronpediaID: location.neuronpediaID)
        return SAE(
            source: source, layer: location.layer, site: location.site,
            hookName: HookPoint.canonicalName(layer: location.layer, site: location.site, hookZ: hookZ), dIn: dIn,
            dSAE: dSAE, architecture: .jumprelu, decoder: decoder.decoderMatrix(),
            threshold: try thresholdView.floats(),
            needsProjection: hookZ)
    }
}
