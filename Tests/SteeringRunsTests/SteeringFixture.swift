import FlowCore
import Foundation
import LinearAlgebra
import ModelRuntime
import SAETraining

@testable import SteeringRuns

/// A tiny random model (3 layers, d = 16) with TopK SAEs on `blocks.1.hook_resid_post` and
/// `blocks.2.hook_resid_post` whose raw decoder rows have norms 0.5 + i/8 (not unit length).
struct SteeringFixture {
    let model: Transformer
    let checkpoint: RandomCheckpoint
    let folder: String
    let saes: SAECatalog
    /// Raw decoder rows per layer, as written.
    let rows: [Int: Matrix]

    init(name: String) throws {
        checkpoint = RandomCheckpoint(layers: 3, width: 16, heads: 2, feedForward: 32, vocabulary: 40, seed: 11)
        model = try Transformer(checkpoint: checkpoint)
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("steering-\(name)-\(getpid())").path
        try? FileManager.default.removeItem(atPath: folder)
        var rows: [Int: Matrix] = [:]
        for layer in [1, 2] {
            var sae = TopKSAE(inputs: 16, latents: 24, k: 6, seed: UInt64(layer))
            for i in 0..<sae.latents {
                let factor = 0.5 + Float(i) / 8
                for k in 0..<16 { sae.decoder.values[i * 16 + k] *= factor }
            }
            sae.encoderBias = sae.encoderBias.map { _ in 0.05 }
            rows[layer] = sae.decoder
            let quality = SAEQuality.measure(sae, on: [Matrix(rows: 2, columns: 16, repeating: 0.1)])
            try TrainedSAEFolder.write(
                sae,
                .init(
                    hookName: "blocks.\(layer).hook_resid_post", layer: layer, modelName: "random", trainingTokens: 0,
                    quality: quality, seed: 1),
                to: folder + "/blocks.\(layer).hook_resid_post")
        }
        self.rows = rows
        saes = try SAECatalog.load(path: folder)
    }

    /// A plan of `entries` (layer 1/2 residual features) with `operation`.
    static func plan(_ entries: [(layer: Int, feature: Int, scale: Float)], operation: SteeringRequest.Operation)
        -> SteeringPlan
    {
        let request = SteeringRequest(
            seed: FeatureID(layer: 1, hookSite: .res, index: 0), strategy: .cumulative, operation: operation,
            strength: 1)
        return SteeringPlan(
            request: request, spanStart: 1, spanEnd: 2, layers: Array(Set(entries.map(\.layer))).sorted(),
            entries: entries.map {
                SteeringEntry(
                    layer: $0.layer, hookSite: .res, feature: $0.feature, coefficient: $0.scale, threshold: 1,
                    scale: $0.scale, cosine: 1)
            }, hooks: [:])
    }

    func row(layer: Int, feature: Int) -> [Float] {
        Array(rows[layer]!.values[(feature * 16)..<((feature + 1) * 16)])
    }

    static let tokens = [1, 5, 9, 2, 33, 17, 4]
}
