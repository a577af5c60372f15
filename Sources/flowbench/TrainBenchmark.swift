import Foundation
import LinearAlgebra
import SAETraining

/// `flowbench train`: TopK SAE training steps at the demo's shapes (d_in 576, width 1152, batch 512; k 64
/// for residual and attention SAEs, 128 for MLP outputs), single-threaded as `train-saes` runs them (one
/// SAE per worker), against the step's unavoidable part, the encoder product `x · W_encᵀ` as one plain
/// sgemm, in the same run; with the encode (product + top-k) and decode shares.
enum TrainBenchmark {
    static func run(arguments: [String]) {
        print(
            "\n## train — TopK SAE steps (d_in 576, width 1152, batch 512, one thread, thread CPU time) against the encoder sgemm"
        )
        let inputs = 576
        let latents = 1152
        let batchSize = 512
        let threads = LinearAlgebra.openBLASThreads
        LinearAlgebra.openBLASThreads = 1
        defer { LinearAlgebra.openBLASThreads = threads }
        var random = GaussianStream(seed: 1)
        let batches = (0..<4).map { _ in
            Matrix(rows: batchSize, columns: inputs, values: (0..<(batchSize * inputs)).map { _ in random.next() })
        }
        for k in [64, 128] {
            let sae = TopKSAE(inputs: inputs, latents: latents, k: k, seed: 2)
            var product = Matrix(rows: batchSize, columns: latents)
            let sgemmSeconds = best(of: 5) {
                LinearAlgebra.sgemm(batches[0], sae.encoder, transposeB: true, into: &product)
            }
            let encodeSeconds = best(of: 5) { _ = sae.encode(batches[1]) }
            let codes = sae.encode(batches[1])
            let decodeSeconds = best(of: 5) { _ = sae.decode(codes) }
            let lossSeconds = best(of: 5) {
                var gradients = SAEGradients(latents: latents, inputs: inputs)
                _ = sae.lossAndGradients(batches[1], into: &gradients)
            }
            var options = SAETrainingOptions(inputs: inputs)
            options.deadAfterTokens = 1 << 40
            var trainer = SAETrainer(sae: sae, options: options)
            trainer.step(batches[0])
            let steps = 12
            let start = threadSeconds()
            for step in 0..<steps { trainer.step(batches[step % batches.count]) }
            let stepSeconds = (threadSeconds() - start) / Double(steps)
            print(
                String(
                    format: "k %3d: step %.2f ms = %6.0f tokens/s; encoder sgemm alone %.2f ms (%.1f GFLOP/s): "
                        + "step/sgemm = %.2f; encode (sgemm + top-k) %.2f ms, decode %.2f ms, loss and gradients %.2f ms",
                    k, stepSeconds * 1e3, Double(batchSize) / stepSeconds, sgemmSeconds * 1e3,
                    2.0 * Double(batchSize * inputs * latents) / sgemmSeconds / 1e9, stepSeconds / sgemmSeconds,
                    encodeSeconds * 1e3, decodeSeconds * 1e3, lossSeconds * 1e3))
        }
    }

    /// The best of `runs` timings of `body` in this thread's CPU seconds (the machine is shared: wall time
    /// would count other processes' turns).
    static func best(of runs: Int, _ body: () -> Void) -> Double {
        var best = Double.infinity
        for _ in 0..<runs {
            let start = threadSeconds()
            body()
            best = min(best, threadSeconds() - start)
        }
        return best
    }

    /// CPU seconds used by the calling thread.
    static func threadSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
