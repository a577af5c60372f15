import FlowCore
import Foundation
import LinearAlgebra
import ModelRuntime
import SAETraining

/// Trains one TopK SAE per hook on activations streamed from the model: each batch of sequences runs
/// through the model once, capturing every hook, and each hook's SAE takes one step on it. Nothing of
/// size tokens × hooks is kept. The first position of every sequence is left out of training and
/// measurement (it is the attention sink, with activations far from the rest).
struct SAETrainingRun {
    /// The model.
    let transformer: Transformer
    /// The hooks, in output order.
    let hooks: [TransformerHook]
    /// The settings.
    let settings: SAETrainingSettings
    /// Progress on stderr.
    let progress: ProgressPrinter

    /// One trained SAE and how it did on held-out text.
    struct Result {
        let hook: TransformerHook
        let sae: TopKSAE
        let quality: SAEQuality
    }

    /// Trains on `train`, measures on `heldout`.
    func run(train: TokenCorpus, heldout: TokenCorpus) throws -> [Result] {
        var trainers = hooks.enumerated().map { HookTrainer(hook: $1, index: $0, settings: settings) }
        let perBatch = max(1, settings.batchTokens / train.context)
        let totalBatches = settings.epochs * ((train.sequences.count + perBatch - 1) / perBatch)
        let start = Date()
        var done = 0
        for _ in 0..<settings.epochs {
            for first in stride(from: 0, to: train.sequences.count, by: perBatch) {
                let chunk = Array(train.sequences[first..<min(train.sequences.count, first + perBatch)])
                let activations = try capture(chunk)
                for index in trainers.indices { trainers[index].step(activations[index]) }
                done += 1
                let elapsed = Date().timeIntervalSince(start)
                progress.progress(
                    done: Double(done), total: Double(totalBatches), elapsed: elapsed,
                    detail: String(
                        format: "%d/%d steps, %.0f tokens/s", done, totalBatches,
                        Double(done * perBatch * train.context) / max(elapsed, 1e-9)))
            }
        }
        progress.endProgress()
        let saes = trainers.map { $0.sae! }
        var meters = saes.map { SAEQualityMeter($0) }
        for first in stride(from: 0, to: heldout.sequences.count, by: perBatch) {
            let chunk = Array(heldout.sequences[first..<min(heldout.sequences.count, first + perBatch)])
            let activations = try capture(chunk)
            for index in meters.indices { meters[index].add(activations[index]) }
        }
        return hooks.indices.map { Result(hook: hooks[$0], sae: saes[$0], quality: meters[$0].quality) }
    }

    /// Every hook's activations for `chunk`, one row per token, without each sequence's first position.
    private func capture(_ chunk: [[Int]]) throws -> [Matrix] {
        let output = try transformer.forward(chunk, hooks: ForwardHooks(capture: Set(hooks)), logits: .none)
        let positions = output.positions
        return hooks.map { hook in
            let values = output.activations[hook]!
            let width = values.count / (output.sequences * positions)
            var kept = [Float]()
            kept.reserveCapacity(output.sequences * (positions - 1) * width)
            for s in 0..<output.sequences {
                let from = (s * positions + 1) * width
                kept += values[from..<((s + 1) * positions * width)]
            }
            return Matrix(rows: output.sequences * (positions - 1), columns: width, values: kept)
        }
    }
}
