import FlowCore
import FlowExport
import Foundation
import LinearAlgebra
import ModelRuntime
import SAETraining

/// Trains one TopK SAE per hook on activations streamed from the model. The text runs through the
/// model in chunks of `chunkTokens` tokens, capturing every hook at once; each hook's SAE then takes
/// `epochs` shuffled passes over its chunk in steps of `batchTokens` tokens before the next chunk is
/// captured, so the model runs once per token however many passes the SAEs take. Memory holds one
/// chunk (tokens × hooks × d_in floats). The learning rate is constant, then falls linearly to zero
/// over the last `decayFraction` of the steps. The first position of every sequence is left out of
/// training and measurement (it is the attention sink, with activations far from the rest), and so are
/// massive-activation tokens (norm above `MassiveTokens.factor ×` the hook's median; `MassiveTokens`).
struct SAETrainingRun {
    /// The model.
    let transformer: Transformer
    /// The hooks, in output order.
    let hooks: [TransformerHook]
    /// The settings.
    let settings: SAETrainingSettings
    /// Progress on stderr.
    let progress: ProgressPrinter

    /// The share of the steps over which the learning rate falls to zero.
    static let decayFraction = 0.2

    /// Resampling happens only at chunks that start in this first share of the steps (a latent resampled
    /// later has too few steps left to find its place).
    static let resampleUntil = 0.5

    /// One trained SAE and how it did on held-out text.
    struct Result {
        let hook: TransformerHook
        let sae: TopKSAE
        let quality: SAEQuality
    }

    /// Trains on `train`, measures on `heldout`.
    func run(train: TokenCorpus, heldout: TokenCorpus) throws -> [Result] {
        var trainers = hooks.enumerated().map { HookTrainer(hook: $1, index: $0, settings: settings) }
        let perChunk = max(1, settings.chunkTokens / train.context)
        let chunks = stride(from: 0, to: train.sequences.count, by: perChunk).map {
            Array(train.sequences[$0..<min(train.sequences.count, $0 + perChunk)])
        }
        let rowsPerSequence = train.context - 1
        let stepsPerChunk = chunks.map { settings.epochs * batchCount($0.count * rowsPerSequence) }
        let totalSteps = stepsPerChunk.reduce(0, +)
        let start = Date()
        var stepsBefore = 0
        let workers = max(1, min(LinearAlgebra.openBLASThreads, trainers.count))
        for (number, chunk) in chunks.enumerated() {
            let activations = try capture(chunk)
            // The hooks are independent: each worker trains its share of them single-threaded, which
            // keeps both cores busy through the small serial parts of a step (Adam, top-k, the sparse
            // backward) that a multithreaded sgemm would leave idle.
            LinearAlgebra.openBLASThreads = 1
            trainers.withUnsafeMutableBufferPointer { buffer in
                let shared = UncheckedSendable(buffer.baseAddress!)
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    for index in stride(from: worker, to: buffer.count, by: workers) {
                        trainHook(
                            &shared.value[index], on: activations[index], chunk: number, firstStep: stepsBefore,
                            totalSteps: totalSteps)
                    }
                }
            }
            LinearAlgebra.openBLASThreads = workers
            stepsBefore += stepsPerChunk[number]
            let elapsed = Date().timeIntervalSince(start)
            progress.progress(
                done: Double(stepsBefore), total: Double(totalSteps), elapsed: elapsed,
                detail: String(
                    format: "chunk %d/%d, %d steps per SAE, %.0f tokens/s", number + 1, chunks.count, totalSteps,
                    Double(stepsBefore) / Double(totalSteps) * Double(train.tokenCount) / max(elapsed, 1e-9)))
        }
        progress.endProgress()
        let saes = trainers.map { $0.sae! }
        var meters = saes.map { SAEQualityMeter($0) }
        var leftOut = [Int](repeating: 0, count: hooks.count)
        for first in stride(from: 0, to: heldout.sequences.count, by: perChunk) {
            let chunk = Array(heldout.sequences[first..<min(heldout.sequences.count, first + perChunk)])
            let activations = try capture(chunk)
            for index in meters.indices {
                let typical = MassiveTokens.typicalRows(of: activations[index], normLimit: trainers[index].normLimit)
                meters[index].add(typical.rows)
                leftOut[index] += typical.leftOut
            }
        }
        return hooks.indices.map {
            var quality = meters[$0].quality
            quality.massiveTokensLeftOut = leftOut[$0]
            return Result(hook: hooks[$0], sae: saes[$0], quality: quality)
        }
    }

    /// `epochs` shuffled passes of one hook's trainer over its activations of chunk `chunk`.
    /// Massive-activation rows are left out; the step count stays that of the whole chunk (the
    /// schedule must not depend on the hook), so a chunk that held some takes slightly smaller batches.
    private func trainHook(
        _ trainer: inout HookTrainer, on allRows: Matrix, chunk: Int, firstStep: Int, totalSteps: Int
    ) {
        if trainer.trainer == nil { trainer.start(sample: allRows) }
        let activations = MassiveTokens.typicalRows(of: allRows, normLimit: trainer.normLimit).rows
        if let minimum = settings.resampleBelow, chunk > 0,
            Double(firstStep) < Self.resampleUntil * Double(totalSteps)
        {
            trainer.resample(firedFewerThan: minimum, toward: activations, chunk: chunk)
        }
        let batchTokens = (activations.rows + batchCount(allRows.rows) - 1) / max(batchCount(allRows.rows), 1)
        var step = firstStep
        for epoch in 0..<settings.epochs {
            let order = Self.permutation(
                activations.rows, seed: SplitMix64.key(settings.seed, UInt64(chunk * 1_000 + epoch)))
            for first in stride(from: 0, to: activations.rows, by: max(batchTokens, 1)) {
                let picked = order[first..<min(activations.rows, first + batchTokens)]
                trainer.step(
                    Self.gather(activations, rows: picked),
                    learningRate: Self.learningRate(settings.learningRate, step: step, of: totalSteps))
                step += 1
            }
        }
    }

    /// Steps of at most `batchTokens` rows over `rows` rows.
    private func batchCount(_ rows: Int) -> Int { (rows + settings.batchTokens - 1) / settings.batchTokens }

    /// The learning rate of step `step` (from 0) of `total`: `base`, then falling linearly towards zero
    /// over the last `decayFraction` of the steps (the last step still moves: `base / decay steps`).
    static func learningRate(_ base: Float, step: Int, of total: Int) -> Float {
        let decaySteps = Double(total) * decayFraction
        let left = Double(total - step)
        guard decaySteps >= 1, left < decaySteps else { return base }
        return base * Float(left / decaySteps)
    }

    /// A seeded shuffle of `0..<count` (Fisher–Yates over SplitMix64).
    static func permutation(_ count: Int, seed: UInt64) -> [Int] {
        var order = Array(0..<count)
        var bits = SplitMix64(seed: seed)
        for i in stride(from: count - 1, to: 0, by: -1) {
            let j = Int(bits.next() % UInt64(i + 1))
            order.swapAt(i, j)
        }
        return order
    }

    /// The rows `rows` of `matrix`, in that order.
    static func gather(_ matrix: Matrix, rows: ArraySlice<Int>) -> Matrix {
        let width = matrix.columns
        var values = [Float](repeating: 0, count: rows.count * width)
        values.withUnsafeMutableBufferPointer { out in
            matrix.values.withUnsafeBufferPointer { source in
                for (slot, row) in rows.enumerated() {
                    (out.baseAddress! + slot * width).update(from: source.baseAddress! + row * width, count: width)
                }
            }
        }
        return Matrix(rows: rows.count, columns: width, values: values)
    }

    /// Sequences per model forward pass within a chunk: one pass over a whole 4096-token chunk was
    /// several times slower per token than passes of 1024 tokens (measured on SmolLM2-135M).
    static let sequencesPerForward = 8

    /// Every hook's activations for `chunk`, one row per token, without each sequence's first position;
    /// the chunk runs through the model `sequencesPerForward` sequences at a time.
    private func capture(_ chunk: [[Int]]) throws -> [Matrix] {
        var kept = [[Float]](repeating: [], count: hooks.count)
        var widths = [Int](repeating: 1, count: hooks.count)
        for first in stride(from: 0, to: chunk.count, by: Self.sequencesPerForward) {
            let part = Array(chunk[first..<min(chunk.count, first + Self.sequencesPerForward)])
            let output = try transformer.forward(part, hooks: ForwardHooks(capture: Set(hooks)), logits: .none)
            let positions = output.positions
            for (index, hook) in hooks.enumerated() {
                let values = output.activations[hook]!
                let width = values.count / (output.sequences * positions)
                widths[index] = width
                if kept[index].isEmpty { kept[index].reserveCapacity(chunk.count * (positions - 1) * width) }
                for s in 0..<output.sequences {
                    kept[index] += values[((s * positions + 1) * width)..<((s + 1) * positions * width)]
                }
            }
        }
        return kept.indices.map {
            Matrix(rows: kept[$0].count / widths[$0], columns: widths[$0], values: kept[$0])
        }
    }
}
