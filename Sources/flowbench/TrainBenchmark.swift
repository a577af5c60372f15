import Foundation
import LinearAlgebra
import SAETraining

/// `flowbench train`: TopK SAE training steps at the demo's shapes (d_in 576, SmolLM2) against the
/// step's unavoidable part, the encoder product `x · W_encᵀ` as one plain sgemm, in the same run.
enum TrainBenchmark {
    static func run(arguments: [String]) {
        print("\n## train — TopK SAE steps (d_in 576, k 32, batch 4096) against the encoder sgemm alone")
        let inputs = 576
        let batchSize = 4096
        var random = GaussianStream(seed: 1)
        let batches = (0..<3).map { _ in
            Matrix(rows: batchSize, columns: inputs, values: (0..<(batchSize * inputs)).map { _ in random.next() })
        }
        for latents in [2304, 4608] {
            let sae = TopKSAE(inputs: inputs, latents: latents, k: 32, seed: 2)
            var product = Matrix(rows: batchSize, columns: latents)
            let sgemmSeconds = best(of: 3) {
                LinearAlgebra.sgemm(batches[0], sae.encoder, transposeB: true, into: &product)
            }
            var trainer = SAETrainer(sae: sae, options: SAETrainingOptions(inputs: inputs))
            trainer.step(batches[0])
            let steps = 6
            let start = DispatchTime.now().uptimeNanoseconds
            for step in 0..<steps { trainer.step(batches[step % batches.count]) }
            let stepSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(steps)
            let flops = 2.0 * Double(batchSize * inputs * latents)
            print(
                String(
                    format: "width %5d: step %.3f s = %6.0f tokens/s (%.1f GFLOP/s of encoder work); "
                        + "encoder sgemm alone %.3f s (%.1f GFLOP/s): step/sgemm = %.2f",
                    latents, stepSeconds, Double(batchSize) / stepSeconds, flops / stepSeconds / 1e9, sgemmSeconds,
                    flops / sgemmSeconds / 1e9, stepSeconds / sgemmSeconds))
        }
    }

    static func best(of runs: Int, _ body: () -> Void) -> Double {
        var best = Double.infinity
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return best
    }
}
