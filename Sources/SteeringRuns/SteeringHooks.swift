import FlowCore
import LinearAlgebra
import ModelRuntime
import SAEEncoding

/// Turns a steering plan into runtime interventions (docs/steering.md): `add` entries become one summed
/// vector `Σ s′·θ·W_dec[i]` per hook point, added at every token; `rescale` entries become one edit per
/// hook point that encodes the current activation with the SAE and adds `(r − 1)·a_i·W_dec[i]` per
/// feature. Rows are the SAEs' raw decoder rows. The forward pass applies hooks layer by layer, so in a
/// cumulative plan later layers encode the already-steered activation.
public enum SteeringHooks {
    /// The interventions for `plan`, reading rows (and encoders, for rescale) from `saes`; `width` gives
    /// each hook point's width in the model.
    public static func make(
        plan: SteeringPlan, saes: SAECatalog, width: (TransformerHook) -> Int
    ) throws -> ForwardHooks {
        var hooks = ForwardHooks()
        var added: [TransformerHook: [Float]] = [:]
        var rescaled: [TransformerHook: (sae: SAE, features: [(index: Int, factor: Float, row: [Float])])] = [:]
        var order: [TransformerHook] = []
        for entry in plan.entries {
            guard let sae = saes.sae(layer: entry.layer, hookSite: entry.hookSite) else {
                throw SteeringRunError(
                    path: saes.root,
                    message: "no SAE for \(entry.layer)/\(entry.hookSite.rawValue) (the plan steers it)")
            }
            guard let point = TransformerHook(name: sae.hookName) else {
                throw SteeringRunError(path: sae.source.path, message: "the runtime has no hook \(sae.hookName)")
            }
            guard width(point) == sae.dIn else {
                throw SteeringRunError(
                    path: sae.source.path,
                    message: "\(sae.hookName) is \(width(point)) wide in the model, the SAE reads \(sae.dIn)")
            }
            guard entry.feature < sae.dSAE else {
                throw SteeringRunError(path: sae.source.path, message: "feature \(entry.feature) ≥ d_sae \(sae.dSAE)")
            }
            let row = try sae.decoder.row(entry.feature)
            if !order.contains(point) { order.append(point) }
            switch plan.request.operation {
            case .add:
                var sum = added[point] ?? [Float](repeating: 0, count: sae.dIn)
                for k in 0..<sum.count { sum[k] += entry.scale * row[k] }
                added[point] = sum
            case .rescale:
                rescaled[point, default: (sae, [])].features.append((entry.feature, entry.scale - 1, row))
            }
        }
        for point in order {
            if let vector = added[point] { hooks.intervene(at: point, .add(vector)) }
            if let (sae, features) = rescaled[point] {
                let encoder = try SAEEncoder(sae: sae)
                let width = sae.dIn
                hooks.intervene(
                    at: point,
                    .edit { _, _, activation in
                        Self.rescale(activation, encoder: encoder, width: width, features: features)
                    })
            }
        }
        return hooks
    }

    /// `h += Σ (r − 1)·a_i·W_dec[i]` with a_i the SAE's activation of feature i on `h` as it is now.
    static func rescale(
        _ activation: UnsafeMutableBufferPointer<Float>, encoder: SAEEncoder, width: Int,
        features: [(index: Int, factor: Float, row: [Float])]
    ) {
        let input = Matrix(rows: 1, columns: width, values: Array(activation))
        guard let codes = try? encoder.encode(input) else { return }
        var active: [Int: Float] = [:]
        for (index, value) in codes.code(0) { active[index] = value }
        for feature in features {
            guard let a = active[feature.index], a != 0 else { continue }
            let factor = feature.factor * a
            for k in 0..<width { activation[k] += factor * feature.row[k] }
        }
    }
}
