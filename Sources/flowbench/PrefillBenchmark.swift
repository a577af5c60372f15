import Foundation
import LinearAlgebra
import ModelRuntime

/// `flowbench prefill`: batched prefill of SmolLM2-135M-Instruct from its Q4_1 GGUF (16 sequences ×
/// 128 tokens, every hook point captured, logits at every position, the CLI's default 1 GiB weight
/// cache) against (a) plain sgemm over the same projection shapes in the same run — the FLOP limit —
/// and (b) the PyTorch CPU reference (`bench/runtime_forward/torch_reference.py`) on the same weights
/// exported as F32, with the same thread count.
enum PrefillBenchmark {
    static let sequences = 16
    static let positions = 128

    static func run(arguments: [String]) throws {
        setvbuf(stdout, nil, _IOLBF, 0)  // figures appear as they are measured, even when piped
        print(
            "\n## prefill — SmolLM2-135M (GGUF Q4_1), \(sequences) × \(positions) tokens, every hook captured, all logits"
        )
        let checkpoint = try GGUFCheckpoint(path: try RuntimeBenchModel.modelPath(arguments))
        let model = try Transformer(checkpoint: checkpoint, weightCacheBytes: 1 << 30)
        let config = model.config
        let batch = (0..<sequences).map {
            RuntimeBenchModel.tokens(positions, vocabulary: model.vocabularySize, seed: UInt64($0 + 1))
        }
        var capture: Set<TransformerHook> = [.embed]
        for l in 0..<config.layerCount {
            capture.formUnion([.residPre(l), .attnZ(l), .attnOut(l), .mlpOut(l), .residPost(l)])
        }
        let hooks = ForwardHooks(capture: capture)
        let plain = PlainProducts(config: config, vocabulary: model.vocabularySize, rows: sequences * positions)
        let stacked = PlainProducts(
            config: config, vocabulary: model.vocabularySize, rows: sequences * positions, stacked: true)
        _ = try model.forward(batch, hooks: hooks, logits: .all)  // warm-up: pages, caches, thread pool
        var prefillSeconds = Double.infinity
        var plainSeconds = Double.infinity
        var stackedSeconds = Double.infinity
        for _ in 0..<3 {
            plainSeconds = min(plainSeconds, plain.run())
            stackedSeconds = min(stackedSeconds, stacked.run())
            let start = RuntimeBenchModel.now()
            let output = try model.forward(batch, hooks: hooks, logits: .all)
            prefillSeconds = min(prefillSeconds, RuntimeBenchModel.now() - start)
            precondition(output.activations.count == capture.count && output.logits.count > 0)
        }
        let tokens = Double(sequences * positions)
        let gigaflops = plain.flops / 1e9
        print(
            String(
                format: "  load average %@; %d threads; %.1f GFLOP of projections; %d hook points captured",
                RuntimeBenchModel.load(), Parallel.defaultThreads, gigaflops, capture.count))
        print(
            String(
                format: "  (a) plain sgemm, same shapes:      %.3f s = %6.1f GFLOP/s (%.0f tokens/s-equivalent)",
                plainSeconds, gigaflops / plainSeconds, tokens / plainSeconds))
        print(
            String(
                format: "  (b) featureflow prefill:           %.3f s = %6.1f GFLOP/s = %.0f tokens/s",
                prefillSeconds, gigaflops / prefillSeconds, tokens / prefillSeconds))
        let ratio = plainSeconds / prefillSeconds
        print(String(format: "  b/a = %.3f of the sgemm FLOP rate (target ≥ 0.8)", ratio))
        print(
            String(
                format: "  (a') plain sgemm over the stacked shapes the runtime issues (q;k;v, gate;up): %.3f s; "
                    + "b/a' = %.3f", stackedSeconds, stackedSeconds / prefillSeconds))
        let exported = try RuntimeBenchModel.exportF32(checkpoint, arguments: arguments)
        guard
            let torch = RuntimeBenchModel.torchReference(
                [
                    "--weights", exported.weights, "--config", exported.config, "--threads",
                    "\(Parallel.defaultThreads)",
                    "--batch", "\(sequences)", "--positions", "\(positions)", "--prefill-runs", "3", "--generate", "0",
                ], arguments: arguments),
            let torchSeconds = torch["prefill_seconds"] as? Double
        else { return }
        print(
            String(
                format:
                    "  (c) PyTorch %@ (%d threads), same work: %.3f s = %.0f tokens/s; c/b = %.2f (>1: featureflow faster; target ≥ 1)",
                "\(torch["torch"] ?? "?")", torch["threads"] as? Int ?? 0, torchSeconds, tokens / torchSeconds,
                torchSeconds / prefillSeconds))
        print(String(format: "  load average after: %@", RuntimeBenchModel.load()))
    }
}
