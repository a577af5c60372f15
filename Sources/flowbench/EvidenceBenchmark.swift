import FlowCore
import FlowEvidence
import Foundation
import LinearAlgebra
import ModelRuntime
import SAEEncoding
import SAETraining

/// `flowbench evidence`: one layer's evidence (R(L−1), R(L), M(L), A(L) TopK SAEs of width 4608, d 576,
/// matches to random predecessors) over 1,024 tokens, split into the model forward pass (SmolLM2-135M
/// GGUF when present: `--evidence-model PATH`), SAE encoding against a plain sgemm of the same shapes,
/// and the statistics (accumulators, groups, co-activation); all in the same run, then extrapolated to
/// 90 SAEs × 100k tokens.
enum EvidenceBenchmark {
    static func run(arguments: [String]) throws {
        let (d, width, k, sequences, context) = (576, 4608, 32, 8, 128)
        let tokens = sequences * context
        print("\n## evidence — encoding and statistics of 4 SAEs (width \(width)) over \(tokens) tokens, model forward")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flowbench-evidence-\(getpid())")
            .path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let layer = 5
        let hooks: [(HookSite, Int, String)] = [
            (.res, layer - 1, "blocks.\(layer - 1).hook_resid_post"), (.res, layer, "blocks.\(layer).hook_resid_post"),
            (.mlp, layer, "blocks.\(layer).hook_mlp_out"), (.att, layer, "blocks.\(layer).hook_attn_out"),
        ]
        var saes: [EvidenceSAE] = []
        for (n, (hookSite, l, hook)) in hooks.enumerated() {
            let trained = TopKSAE(inputs: d, latents: width, k: k, seed: UInt64(10 + n))
            let path = folder + "/\(hook)"
            try TrainedSAEFolder.write(
                trained,
                .init(
                    hookName: hook, layer: l, modelName: "bench", trainingTokens: 0,
                    quality: SAEQuality.measure(trained, on: [Matrix(rows: 4, columns: d, repeating: 0.1)]), seed: 3),
                to: path)
            var warnings: [String] = []
            var sae = try SAELensReader.load(folder: path, warnings: &warnings)
            sae.layer = l
            sae.hookSite = hookSite
            let record = SAERecord(
                layer: l, hookSite: hookSite, path: path, format: "saelens", hookName: hook, dIn: d, dSAE: width,
                dtype: "F32",
                architecture: "topk", sha256: "", neuronpediaID: nil, projected: false, thresholds: nil)
            saes.append(try EvidenceSAE(record: record, sae: sae))
        }
        saes.sort { ($0.layer, $0.hookSite) < ($1.layer, $1.hookSite) }
        var random = SplitMix64(seed: 5)
        var rows: [MatchRow] = []
        for feature in 0..<width {
            for hookSite in [HookSite.att, .mlp, .res] {
                for rank in 1...5 {
                    rows.append(
                        MatchRow(
                            layer: layer, feature: feature, hookSite: hookSite, direction: .backward, rank: rank,
                            candidate: Int(random.next() % UInt64(width)), cosine: 0.5))
                }
            }
        }

        // Activations: from the model when it is here, else Gaussian.
        let modelPath =
            arguments.firstIndex(of: "--evidence-model").map { arguments[$0 + 1] }
            ?? "/work/cache/SmolLM2-135M-Instruct.Q4_1.gguf"
        var activations: [String: [Float]] = [:]
        var forwardSeconds: Double?
        var forwardCPU: Double = 0
        var layerCount = 30
        let ids = (0..<sequences).map { s in (0..<context).map { (s * 7919 + $0 * 104_729) % 40_000 + 100 } }
        if FileManager.default.fileExists(atPath: modelPath) {
            let checkpoint = try ModelCheckpoint.open(path: modelPath)
            let model = try Transformer(checkpoint: checkpoint, weightCacheBytes: 1 << 30)
            layerCount = model.config.layerCount
            let points = Set(hooks.compactMap { TransformerHook(name: $0.2) })
            let all = Set(
                (0..<layerCount).flatMap { [TransformerHook.residPost($0), .mlpOut($0), .attnOut($0)] })
            _ = try model.forward([ids[0]], hooks: ForwardHooks(capture: points), logits: .none)  // warm the cache
            var output: ForwardOutput?
            let cpuStart = evidenceCPUSeconds()
            let plain = try EncodeBenchmark.bestThrowing(of: 2) {
                output = try model.forward(ids, hooks: ForwardHooks(capture: points), logits: .none)
            }
            let everyHook = try EncodeBenchmark.bestThrowing(of: 1) {
                _ = try model.forward(ids, hooks: ForwardHooks(capture: all), logits: .none)
            }
            forwardSeconds = everyHook
            forwardCPU = (evidenceCPUSeconds() - cpuStart) / 3
            for (_, _, hook) in hooks { activations[hook] = output!.activations[TransformerHook(name: hook)!] }
            print(
                String(
                    format: "model forward (%@): %.2f s with 4 hooks, %.2f s with all %d hooks = %.0f tokens/s",
                    (modelPath as NSString).lastPathComponent, plain, everyHook, 3 * layerCount,
                    Double(tokens) / everyHook))
            try DeactivationRerunBenchmark.run(checkpoint: checkpoint, ids: ids[0])
        } else {
            var gaussian = GaussianStream(seed: 9)
            for (_, _, hook) in hooks { activations[hook] = (0..<(tokens * d)).map { _ in gaussian.next() } }
            print("model forward: skipped (no \(modelPath); Gaussian activations)")
        }
        let batch = ActivationBatch(
            sequences: Array(0..<sequences), positions: context, tokens: ids,
            keep: (0..<tokens).map { $0 % context != 0 }, activations: activations)

        var best: (encoding: Double, statistics: Double) = (.infinity, .infinity)
        var cpu: (encoding: Double, statistics: Double, sgemm: Double) = (.infinity, .infinity, .infinity)
        var sgemmSeconds = Double.infinity
        let weights = Matrix(rows: d, columns: width, values: try saes[0].sae.encoder!.weight.floats())
        let input = Matrix(rows: tokens, columns: d, values: activations[hooks[0].2]!)
        var product = Matrix(rows: tokens, columns: width)
        var last: EvidenceComputation?
        for _ in 0..<3 {
            let sgemmStart = evidenceCPUSeconds()
            sgemmSeconds = min(
                sgemmSeconds,
                TrainBenchmark.best(of: 1) { for _ in saes { LinearAlgebra.sgemm(input, weights, into: &product) } })
            cpu.sgemm = min(cpu.sgemm, evidenceCPUSeconds() - sgemmStart)
            let computation = EvidenceComputation(saes: saes, matches: [layer: rows], top: 20, seed: 1)
            try computation.add(batch)
            last = computation
            best.encoding = min(best.encoding, computation.encodingSeconds)
            best.statistics = min(best.statistics, computation.statisticsSeconds)
            cpu.encoding = min(cpu.encoding, computation.encodingCPUSeconds)
            cpu.statistics = min(cpu.statistics, computation.statisticsCPUSeconds)
        }
        let counted = Double(tokens - sequences)
        let flops = 2.0 * Double(tokens * d * width) * Double(saes.count)
        print(
            String(
                format: "plain sgemm (4 × %d × %d × %d): %.3f s = %.1f GFLOP/s", tokens, d, width, sgemmSeconds,
                flops / sgemmSeconds / 1e9))
        print(
            String(
                format:
                    "encoding 4 SAEs: %.3f s (%.2f × sgemm); statistics (stats, top-20, FVE, groups, co-activation): "
                    + "%.3f s", best.encoding, best.encoding / sgemmSeconds, best.statistics))
        print(
            String(
                format: "CPU seconds (all threads): model %.2f (all hooks), sgemm %.3f, encoding %.3f, statistics %.3f",
                forwardCPU, cpu.sgemm, cpu.encoding, cpu.statistics))
        let cpuModel = forwardCPU / Double(tokens) * 100_000
        let cpuSAE = (cpu.encoding + cpu.statistics) / (4 * counted) * 9e6
        print(
            String(
                format:
                    "extrapolated in CPU seconds on 2 cores (wall ≈ CPU / 2 when the machine is idle): model %.0f + "
                    + "encoding %.0f + statistics %.0f = %.1f min wall", cpuModel, cpu.encoding / (4 * counted) * 9e6,
                cpu.statistics / (4 * counted) * 9e6, (cpuModel + cpuSAE) / 2 / 60))
        // 90 SAEs × 100k tokens: encoding and statistics scale with SAEs × tokens, the model with tokens.
        let perSAEToken = (best.encoding + best.statistics) / (4 * counted)
        let model = (forwardSeconds ?? 0) / Double(tokens) * 100_000
        let saePart = perSAEToken * 90 * 100_000
        print(
            String(
                format: "extrapolated to 90 SAEs × 100k tokens: model %.0f s + encoding %.0f s + statistics %.0f s = "
                    + "%.1f min (target ≤ 20 min)%@", model, best.encoding / (4 * counted) * 9e6,
                best.statistics / (4 * counted) * 9e6, (model + saePart) / 60,
                forwardSeconds == nil ? " (model not measured)" : ""))
        if let last {
            try contextStorage(
                last, ids: ids, folder: folder,
                tokenizer: FileManager.default.fileExists(atPath: modelPath) ? try Tokenizer.load(path: modelPath) : nil
            )
        }
    }

    /// The context rows of `computation` written both ways: decoded tokens as a JSON list of strings per row
    /// (before) and token ids as an int32 blob per row plus the run's vocabulary (after); rows per CPU
    /// second (decoding, encoding and the SQLite inserts) and stored bytes.
    static func contextStorage(
        _ computation: EvidenceComputation, ids: [[Int]], folder: String, tokenizer: Tokenizer?
    ) throws {
        func decoder() -> (Int) -> String {
            var cache: [Int: String] = [:]
            return { id in
                if let text = cache[id] { return text }
                let text = tokenizer?.decode([Int32(id)]) ?? " tok\(id)"
                cache[id] = text
                return text
            }
        }
        let run = EvidenceRun(
            key: "bench", source: "acts", model: nil, texts: [], sequences: 0, tokens: 0, context: 0, seed: 0,
            parameters: "{}")
        var results: [(rows: Int, cpu: Double, bytes: Int, file: Int)] = []
        for compact in [false, true] {
            let path = folder + "/contexts-\(compact).sqlite"
            let database = try FlowDatabase(path: path)
            let id = try database.beginEvidenceRun(run)
            let start = evidenceCPUSeconds()
            var rows = 0
            var used = Set<Int32>()
            let decode = decoder()
            for i in computation.saes.indices {
                if compact {
                    let windows = computation.windows(of: i, before: 8, after: 4) { ids[$0] }
                    for window in windows { used.formUnion(window.tokens) }
                    try database.write(windows, run: id)
                    rows += windows.count
                } else {
                    let contexts = computation.contexts(of: i, before: 8, after: 4, tokens: { ids[$0] }, decode: decode)
                    try database.write(contexts, run: id)
                    rows += contexts.count
                }
            }
            if compact {
                try database.writeVocabulary(
                    Dictionary(uniqueKeysWithValues: used.map { (Int($0), decode(Int($0))) }), run: id)
            }
            let cpu = evidenceCPUSeconds() - start
            let bytes =
                (try database.sqlite.rows("SELECT sum(length(tokens)) FROM feature_context").first?.first?.int ?? 0)
                + (try database.sqlite.rows("SELECT sum(length(text)) + 8 * count(*) FROM evidence_vocab").first?
                    .first?.int ?? 0)
            try database.sqlite.execute("VACUUM")
            let file = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            results.append((rows, cpu, bytes, file))
        }
        let (before, after) = (results[0], results[1])
        print(
            String(
                format:
                    "context rows (%d, %@ tokens): JSON strings %.0f rows/CPU s, %.1f token bytes/row, file %.1f MB; "
                    + "id blobs + vocabulary %.0f rows/CPU s, %.1f bytes/row, file %.1f MB (%.2f× the rate, %.2f× the "
                    + "file)", before.rows, tokenizer == nil ? "synthetic" : "SmolLM2",
                Double(before.rows) / before.cpu, Double(before.bytes) / Double(max(before.rows, 1)),
                Double(before.file) / 1e6, Double(after.rows) / after.cpu,
                Double(after.bytes) / Double(max(after.rows, 1)), Double(after.file) / 1e6,
                (Double(after.rows) / after.cpu) / (Double(before.rows) / before.cpu),
                Double(after.file) / Double(max(before.file, 1))))
    }
}

/// CPU seconds of the whole process (every thread).
private func evidenceCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}
