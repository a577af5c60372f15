import FlowEvidence
import Foundation
import ModelRuntime

/// Part of `flowbench evidence`: the deactivation re-runs of one (token, layer) cell at full size — 400
/// variants (25 targets × 16 modes and r values) of one token after a 64-token prefix, through block 6 of the
/// model alone — one forward pass per variant (as before 2026-12-05) against batches of 128 variants over
/// the prefix's cache copied into each row (`KeyValueCache.broadcast`, as `Deactivator` runs them), same run.
enum DeactivationRerunBenchmark {
    static func run(checkpoint: any CheckpointTensors, ids: [Int]) throws {
        let (prefix, variants, block, batch) = (64, 400, 6, 128)
        let view = LayerView(base: checkpoint, first: block, count: 1)
        let runner = try Transformer(checkpoint: view, weightCacheBytes: 256 << 20)
        let cache = KeyValueCache(config: view.config, capacity: prefix + 1)
        _ = try runner.forward([Array(ids[0..<prefix])], logits: .none, cache: cache)
        let token = ids[prefix]
        let capture = ForwardHooks(capture: [.residPost(0)])

        var cpu = rerunCPUSeconds()
        var single: [Float] = []
        for _ in 0..<variants {
            single += try runner.forward([[token]], hooks: capture, logits: .none, cache: cache).activations[
                .residPost(0)]!
            cache.truncate(to: prefix)
        }
        let oneByOne = rerunCPUSeconds() - cpu

        cpu = rerunCPUSeconds()
        var batched: [Float] = []
        var start = 0
        while start < variants {
            let count = min(batch, variants - start)
            let rows = KeyValueCache(config: view.config, sequences: count, capacity: prefix + 1)
            try cache.broadcast(sequence: 0, into: rows)
            batched += try runner.forward(
                Array(repeating: [token], count: count), hooks: capture, logits: .none, cache: rows
            ).activations[.residPost(0)]!
            start += count
        }
        let together = rerunCPUSeconds() - cpu
        // ‖one by one − batched‖ / ‖one by one‖ over the 400 rows.
        var difference: Double = 0
        var norm: Double = 0
        for (a, b) in zip(single, batched) {
            difference += Double(a - b) * Double(a - b)
            norm += Double(a) * Double(a)
        }
        let relative = (difference / max(norm, 1e-30)).squareRoot()
        print(
            String(
                format:
                    "deactivation re-runs, one cell (%d variants, block %d, %d-token prefix): one by one %.3f CPU s "
                    + "(%.2f ms each), batched by %d over a broadcast cache %.3f CPU s (%.2f ms each): %.1fx; "
                    + "relative difference of the outputs %.1e",
                variants, block, prefix, oneByOne, 1000 * oneByOne / Double(variants), batch, together,
                1000 * together / Double(variants), oneByOne / max(together, 1e-9), relative))
    }
}

/// CPU seconds of the whole process (every thread).
private func rerunCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}
