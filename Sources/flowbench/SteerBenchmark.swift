import FlowCore
import Foundation
import LinearAlgebra
import ModelRuntime
import SAETraining
import SteeringRuns

/// `flowbench steer`: generation with a sweep's steering hooks against plain generation in the same run —
/// `add` at three layers (one summed vector per hook) and `rescale` at two (an SAE encoding per token per
/// hook) — on the SmolLM2-135M GGUF when `/work/cache` has it (or `--steer-model PATH`), else on a random
/// model of the same width.
enum SteerBenchmark {
    static func run(arguments: [String]) throws {
        let given = arguments.firstIndex(of: "--steer-model").flatMap {
            $0 + 1 < arguments.count ? arguments[$0 + 1] : nil
        }
        let path = given ?? "/work/cache/SmolLM2-135M-Instruct.Q4_1.gguf"
        let checkpoint: any CheckpointTensors
        let name: String
        if FileManager.default.fileExists(atPath: path) {
            checkpoint = try ModelCheckpoint.open(path: path)
            name = (path as NSString).lastPathComponent
        } else {
            checkpoint = RandomCheckpoint(
                layers: 8, width: 576, heads: 9, feedForward: 1536, vocabulary: 4096, seed: 5)
            name = "random 8-layer d 576 model"
        }
        let model = try Transformer(checkpoint: checkpoint, weightCacheBytes: 1 << 30)
        let d = model.config.modelDimension
        let (width, newTokens) = (2304, 48)
        print("\n## steer — generation with steering hooks against plain generation (\(name), \(newTokens) new tokens)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flowbench-steer-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let layers = [3, 4, 5]
        for layer in layers {
            let sae = TopKSAE(inputs: d, latents: width, k: 32, seed: UInt64(layer))
            try TrainedSAEFolder.write(
                sae,
                .init(
                    hookName: "blocks.\(layer).hook_resid_post", layer: layer, modelName: "bench", trainingTokens: 0,
                    quality: SAEQuality.measure(sae, on: [Matrix(rows: 1, columns: d, repeating: 0.1)]), seed: 1),
                to: folder + "/blocks.\(layer).hook_resid_post")
        }
        let saes = try SAECatalog.load(path: folder)
        func plan(_ operation: SteeringRequest.Operation, _ steered: [Int]) -> SteeringPlan {
            SteeringPlan(
                request: SteeringRequest(
                    seed: FeatureID(layer: 5, hookSite: .res, index: 0), strategy: .cumulative, operation: operation,
                    strength: 0),
                spanStart: steered[0], spanEnd: 5, layers: steered,
                entries: steered.flatMap { layer in
                    (0..<4).map {
                        SteeringEntry(
                            layer: layer, hookSite: .res, feature: $0 * 17, coefficient: 2, threshold: 1, scale: 2,
                            cosine: 1)
                    }
                }, hooks: [:])
        }
        let add = try SteeringHooks.make(plan: plan(.add, layers), saes: saes, width: model.width(of:))
        let rescale = try SteeringHooks.make(plan: plan(.rescale, [4, 5]), saes: saes, width: model.width(of:))
        let prompt = [1, 504, 3458, 282, 4649, 314, 253, 2015].map { $0 % model.vocabularySize }
        let options = SamplingOptions(temperature: 0, maxNewTokens: newTokens)
        var best = [Double](repeating: .infinity, count: 3)
        let variants: [(String, ForwardHooks)] = [("plain", ForwardHooks()), ("add", add), ("rescale", rescale)]
        _ = try model.generate(prompt: prompt, options: options)  // warm the weight cache
        for _ in 0..<5 {
            for (index, (_, hooks)) in variants.enumerated() {
                let start = Date()
                let tokens = try model.generate(prompt: prompt, options: options, hooks: hooks)
                best[index] = min(best[index], Date().timeIntervalSince(start) / Double(tokens.count))
            }
        }
        for (index, (label, _)) in variants.enumerated() {
            print(
                String(
                    format: "%@: %.1f ms/token (%.1f tokens/s), ratio to plain %.3f", label, best[index] * 1000,
                    1 / best[index], best[index] / best[0]))
        }
        print(
            "(best of 5 interleaved rounds; `add` at layers 3–5, `rescale` of 4 features at layers 4–5 with TopK SAEs of width \(width))"
        )
    }
}
