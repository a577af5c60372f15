import ArgumentParser
import FlowCore
import FlowExport
import Foundation
import ModelRuntime
import SAETraining

/// `featureflow train-saes`: TopK SAEs for a model's hooks, trained on text, written as SAELens folders.
struct TrainSAEsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-saes",
        abstract: "Train TopK SAEs on a model's activations and write them as SAELens folders.",
        discussion: """
            Streams the text through the model in batches, capturing every hook at once, and takes one \
            training step per SAE per batch (reconstruction loss + AuxK on dead latents, Adam, unit decoder \
            rows). Writes OUT/<hook name>/{cfg.json, sae_weights.safetensors} and OUT/training.json (held-out \
            FVE, L0 and dead fraction per SAE, checksums of model and text, the settings). With the same \
            inputs a rerun is skipped unless --force. The first position of each sequence is left out.
            """)

    @Argument(help: "The model: a GGUF file or a Hugging Face folder.")
    var model: String

    @Option(name: .customLong("text"), parsing: .upToNextOption, help: "Training text files (.txt or .jsonl).")
    var text: [String]

    @Option(
        name: .customLong("heldout"), parsing: .upToNextOption, help: "Held-out text files for the quality figures.")
    var heldout: [String]

    @Option(
        help: "Hooks: all (resid_post, mlp_out, attn_out of every layer) or TransformerLens names, comma-separated.")
    var hooks: String = "all"

    @Option(help: "Latents per SAE.")
    var width: Int = 2304

    @Option(help: "Active latents per token.")
    var k: Int = 32

    @Option(name: .customLong("k-mlp"), help: "Active latents per token of the hook_mlp_out SAEs (default: --k).")
    var mlpK: Int?

    @Option(name: .customLong("k-attn"), help: "Active latents per token of the hook_attn_out SAEs (default: --k).")
    var attnK: Int?

    @Option(help: "Training tokens per epoch.")
    var tokens: Int = 100_000

    @Option(name: .customLong("heldout-tokens"), help: "Held-out tokens to measure.")
    var heldoutTokens: Int = 8_192

    @Option(help: "Passes of every SAE over each captured chunk (the model runs once per token).")
    var epochs: Int = 1

    @Option(help: "Tokens per sequence.")
    var context: Int = 128

    @Option(name: .customLong("batch-tokens"), help: "Tokens per training step.")
    var batchTokens: Int = 4_096

    @Option(
        name: .customLong("chunk-tokens"),
        help: "Tokens per model forward pass; every hook's activations of one chunk are held in memory.")
    var chunkTokens: Int = 4_096

    @Option(name: .customLong("lr"), help: "Adam learning rate (activations are scaled to mean squared norm d_in).")
    var learningRate: Float = 1e-3

    @Option(help: "Seed.")
    var seed: UInt64 = 0

    @Option(
        name: .customLong("resample-below"),
        help: "Resample latents that fired on fewer training rows than this over the previous chunk (default: never).")
    var resampleBelow: Int?

    @Option(help: "Output folder (created; replaced only when it holds a previous train-saes run).")
    var out: String

    @Flag(help: "Train even when OUT already holds SAEs trained with the same inputs.")
    var force = false

    @Flag(help: "No progress output.")
    var quiet = false

    func validate() throws {
        guard width >= 8, k >= 1, k <= width else { throw ValidationError("need --width ≥ 8 and 1 ≤ --k ≤ --width") }
        for (name, value) in [("--k-mlp", mlpK), ("--k-attn", attnK)] {
            if let value, value < 1 || value > width { throw ValidationError("need 1 ≤ \(name) ≤ --width") }
        }
        guard context >= 2 else { throw ValidationError("--context must be at least 2") }
        guard tokens >= context, heldoutTokens >= context else {
            throw ValidationError("--tokens and --heldout-tokens must hold at least one sequence (--context)")
        }
        guard epochs >= 1, batchTokens >= 1, chunkTokens >= context else {
            throw ValidationError("need --epochs ≥ 1, --batch-tokens ≥ 1 and --chunk-tokens ≥ --context")
        }
        guard !text.isEmpty, !heldout.isEmpty else { throw ValidationError("give --text and --heldout files") }
    }

    func run() throws {
        let settings = SAETrainingSettings(
            width: width, k: k, mlpK: mlpK, attnK: attnK, tokens: tokens, epochs: epochs, heldoutTokens: heldoutTokens,
            context: context,
            batchTokens: batchTokens, chunkTokens: chunkTokens, learningRate: learningRate, seed: seed,
            resampleBelow: resampleBelow)
        let progress = ProgressPrinter(quiet: quiet)
        let inputs = try TrainingInputs(model: model, text: text, heldout: heldout, settings: settings)
        if !force, TrainedSAEOutput.isCurrent(out, key: inputs.cacheKey) {
            print(
                "train-saes: \(out) already holds SAEs trained with these inputs (cache key \(inputs.cacheKey.prefix(12))); --force retrains"
            )
            return
        }
        let checkpoint = try ModelCheckpoint.open(path: model)
        let tokenizer = try Tokenizer.load(path: model)
        let selected = try Self.hookPoints(hooks, layers: checkpoint.config.layerCount)
        let train = try TokenCorpus(files: text, tokenizer: tokenizer, context: context, maxTokens: tokens)
        let held = try TokenCorpus(files: heldout, tokenizer: tokenizer, context: context, maxTokens: heldoutTokens)
        progress.line(
            "train-saes: \(selected.count) SAEs (width \(width), k \(k)\(mlpK.map { ", MLP k \($0)" } ?? "")\(attnK.map { ", attention k \($0)" } ?? "")) on \(train.tokenCount) tokens × \(epochs) "
                + "epoch(s), \(held.tokenCount) held-out tokens, model \(model)")
        let transformer = try Transformer(checkpoint: checkpoint, weightCacheBytes: 2 << 30)
        let results = try SAETrainingRun(
            transformer: transformer, hooks: selected, settings: settings, progress: progress
        )
        .run(train: train, heldout: held)
        try TrainedSAEOutput.write(results, inputs: inputs, trainingTokens: train.tokenCount * epochs, to: out)
        for result in results {
            let q = result.quality
            print(
                String(
                    format: "  %-28@ FVE %.3f  L0 %5.1f  dead %5.1f %%", result.hook.name as NSString,
                    q.fractionOfVarianceExplained, q.meanL0, 100 * q.deadFraction))
        }
        let fves = results.map(\.quality.fractionOfVarianceExplained).sorted()
        let deads = results.map(\.quality.deadFraction).sorted()
        print(
            String(
                format: "train-saes: median held-out FVE %.3f, median dead %.1f %% → %@", fves[fves.count / 2],
                100 * deads[deads.count / 2], out as NSString))
    }

    /// `all` or a comma-separated list of TransformerLens names.
    static func hookPoints(_ text: String, layers: Int) throws -> [TransformerHook] {
        if text == "all" {
            return (0..<layers).flatMap { [.residPost($0), .mlpOut($0), .attnOut($0)] }
        }
        return try text.split(separator: ",").map { name in
            guard let point = TransformerHook(name: String(name)), point.layer.map({ $0 < layers }) ?? true
            else { throw ValidationError("unknown hook '\(name)' (e.g. blocks.3.hook_resid_post, \(layers) layers)") }
            return point
        }
    }
}
