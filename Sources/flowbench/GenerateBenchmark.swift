import Foundation
import LinearAlgebra
import ModelRuntime

/// `flowbench generate`: batch-1 greedy generation with a key/value cache on SmolLM2-135M-Instruct
/// (Q4_1 GGUF, the CLI's default weight cache; one-token products run on the stored Q4_1/Q8_0 rows)
/// against the PyTorch reference on the same weights as F32, same thread count, same prompt.
enum GenerateBenchmark {
    static let newTokens = 64

    static func run(arguments: [String]) throws {
        setvbuf(stdout, nil, _IOLBF, 0)  // figures appear as they are measured, even when piped
        print(
            "\n## generate — SmolLM2-135M (GGUF Q4_1), batch 1, KV cache, greedy, 8-token prompt + \(newTokens) tokens")
        let checkpoint = try GGUFCheckpoint(path: try RuntimeBenchModel.modelPath(arguments))
        let model = try Transformer(checkpoint: checkpoint, weightCacheBytes: 1 << 30)
        let prompt = RuntimeBenchModel.tokens(8, vocabulary: model.vocabularySize, seed: 99)
        _ = try model.generate(prompt: prompt, options: SamplingOptions(maxNewTokens: 8))  // warm-up
        var best = 0.0
        var generated: [Int] = []
        for _ in 0..<3 {
            let start = RuntimeBenchModel.now()
            generated = try model.generate(prompt: prompt, options: SamplingOptions(maxNewTokens: newTokens))
            best = max(best, Double(generated.count) / (RuntimeBenchModel.now() - start))
        }
        print(
            String(
                format:
                    "  load average %@; %d threads\n  (a) featureflow: %.1f tokens/s (best of 3, prompt prefill included)",
                RuntimeBenchModel.load(), Parallel.defaultThreads, best))
        let exported = try RuntimeBenchModel.exportF32(checkpoint, arguments: arguments)
        guard
            let torch = RuntimeBenchModel.torchReference(
                [
                    "--weights", exported.weights, "--config", exported.config, "--threads",
                    "\(Parallel.defaultThreads)",
                    "--prefill-runs", "0", "--prompt", prompt.map(String.init).joined(separator: ","),
                    "--generate", "\(newTokens)",
                ], arguments: arguments),
            let rate = torch["generate_tokens_per_second"] as? Double
        else { return }
        let theirs = torch["generated"] as? [Int] ?? []
        let agreeing = zip(generated, theirs).prefix { $0 == $1 }.count
        print(
            String(
                format: "  (b) PyTorch %@ (F32, %d threads): %.1f tokens/s; a/b = %.2f (target ≥ 2)\n"
                    + "  greedy tokens agree for the first %d of %d",
                "\(torch["torch"] ?? "?")", torch["threads"] as? Int ?? 0, rate, best / rate, agreeing, generated.count)
        )
    }
}
