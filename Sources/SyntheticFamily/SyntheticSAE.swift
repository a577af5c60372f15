import FlowCore

/// One generated SAE, in memory: JumpReLU weights with the decoder rows as written (already rounded to the dtype).
public struct SyntheticSAE: Sendable {
    /// Layer L.
    public var layer: Int
    /// Position.
    public var hookSite: HookSite
    /// d_in.
    public var dIn: Int
    /// d_sae.
    public var dSAE: Int
    /// `W_dec [d_sae, d_in]`, row-major; rows have varied non-unit norms.
    public var decoder: [Float]
    /// `b_enc [d_sae]`.
    public var bEnc: [Float]
    /// `b_dec [d_in]`.
    public var bDec: [Float]
    /// `threshold [d_sae]`, positive.
    public var threshold: [Float]
    /// One label per feature (labels.jsonl).
    public var labels: [String]

    /// The hook name (and folder name).
    public var hookName: String { SyntheticFamilyOptions.hookName(layer: layer, hookSite: hookSite) }

    /// `1 / ‖W_dec[i]‖²` per feature: the scale of column i of `W_enc` (0 for a zero row).
    public var encoderScales: [Float] {
        (0..<dSAE).map { i in
            var squared: Double = 0
            for k in (i * dIn)..<((i + 1) * dIn) { squared += Double(decoder[k]) * Double(decoder[k]) }
            return squared > 0 ? Float(1 / squared) : 0
        }
    }

    /// Rows `rows` of `W_enc [d_in, d_sae]`, row-major: the decoder transposed, column i times `scales[i]`
    /// (`encoderScales`), so the pre-activation of `a · W_dec[i]` is `a`.
    public func encoderRows(_ rows: Range<Int>, scales: [Float]) -> [Float] {
        var out = [Float](repeating: 0, count: rows.count * dSAE)
        for i in 0..<dSAE {
            let base = i * dIn
            for (r, k) in rows.enumerated() { out[r * dSAE + i] = decoder[base + k] * scales[i] }
        }
        return out
    }

    /// This SAE as the pipeline's `SAE` value (decoder in memory).
    public func sae(path: String, dtype: SyntheticDType) -> SAE {
        SAE(
            source: SAESource(
                path: path, weightFiles: [path + "/sae_weights.safetensors"], format: .saelens, dtype: dtype.rawValue),
            layer: layer, hookSite: hookSite, hookName: hookName, dIn: dIn, dSAE: dSAE, architecture: .jumprelu,
            decoder: DecoderMatrix(rows: dSAE, columns: dIn, values: decoder), threshold: threshold)
    }
}
