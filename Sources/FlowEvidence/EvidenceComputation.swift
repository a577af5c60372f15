import Dispatch
import FlowCore
import Foundation
import LinearAlgebra
import SAEEncoding

/// The streaming part of an evidence pass: each batch is encoded by every SAE and folded into the per-SAE
/// accumulators and the per-layer group / co-activation counts, then dropped (memory does not grow with
/// the number of tokens).
public final class EvidenceComputation {
    /// The SAEs, by layer then site.
    public let saes: [EvidenceSAE]
    /// One accumulator per SAE (same order).
    public let accumulators: [SAEAccumulator]
    /// Group and co-activation counts per residual layer that has matches.
    public let flows: [Int: FlowAccumulator]
    /// Seconds spent encoding and accumulating.
    public private(set) var encodingSeconds: Double = 0
    public private(set) var statisticsSeconds: Double = 0
    /// The same in process CPU seconds.
    public private(set) var encodingCPUSeconds: Double = 0
    public private(set) var statisticsCPUSeconds: Double = 0
    /// Tokens counted.
    public private(set) var tokens = 0
    private let index: [String: Int]

    /// A computation over `saes`; `matches` are the backward match rows per residual layer.
    public init(saes: [EvidenceSAE], matches: [Int: [MatchRow]], top: Int, seed: UInt64) {
        self.saes = saes
        accumulators = saes.map { SAEAccumulator(featureCount: $0.featureCount, inputWidth: $0.inputWidth, top: top) }
        var index: [String: Int] = [:]
        for (i, sae) in saes.enumerated() { index["\(sae.layer)/\(sae.hookSite.rawValue)"] = i }
        self.index = index
        var flows: [Int: FlowAccumulator] = [:]
        for (layer, rows) in matches {
            guard let target = index["\(layer)/res"] else { continue }
            var widths: [HookSite: Int] = [:]
            for (hookSite, predecessorLayer) in [(HookSite.res, layer - 1), (.mlp, layer), (.att, layer)] {
                if let i = index["\(predecessorLayer)/\(hookSite.rawValue)"] { widths[hookSite] = saes[i].featureCount }
            }
            guard !widths.isEmpty else { continue }
            let table = PredecessorTable(
                layer: layer, featureCount: saes[target].featureCount, rows: rows, widths: widths, seed: seed)
            flows[layer] = FlowAccumulator(table: table, widths: widths)
        }
        self.flows = flows
    }

    /// The SAE at (layer, site), if in the set.
    public func sae(layer: Int, hookSite: HookSite) -> Int? { index["\(layer)/\(hookSite.rawValue)"] }

    /// Encodes `batch` with every SAE and accumulates it.
    public func add(_ batch: ActivationBatch) throws {
        let kept = batch.keep.indices.filter { batch.keep[$0] }
        guard !kept.isEmpty else { return }
        let sequences = kept.map { Int32(batch.sequences[$0 / batch.positions]) }
        let positions = kept.map { Int32($0 % batch.positions) }
        var inputs: [String: Matrix] = [:]
        var codes: [SparseCodes] = []
        codes.reserveCapacity(saes.count)
        for sae in saes {
            let input: Matrix
            if let cached = inputs[sae.hookName] {
                input = cached
            } else {
                guard let all = batch.activations[sae.hookName] else {
                    throw EvidenceError(path: sae.record.path, "no activations for hook \(sae.hookName)")
                }
                let d = sae.inputWidth
                guard all.count == batch.keep.count * d else {
                    throw EvidenceError(
                        path: sae.record.path,
                        "hook \(sae.hookName) has \(all.count / max(batch.keep.count, 1)) values per token, the SAE reads \(d)"
                    )
                }
                var values = [Float](repeating: 0, count: kept.count * d)
                all.withUnsafeBufferPointer { source in
                    values.withUnsafeMutableBufferPointer { target in
                        for (row, k) in kept.enumerated() {
                            (target.baseAddress! + row * d).update(from: source.baseAddress! + k * d, count: d)
                        }
                    }
                }
                input = Matrix(rows: kept.count, columns: d, values: values)
                inputs[sae.hookName] = input
            }
            let start = ContinuousClock.now
            let startCPU = CPUClock.now()
            codes.append(try sae.encoder.encode(input))
            encodingSeconds += (ContinuousClock.now - start).seconds
            encodingCPUSeconds += CPUClock.now() - startCPU
        }
        // Statistics: every accumulator and every layer's flow counts are independent, so they run on all
        // cores (each task touches only its own accumulator; codes and inputs are read only).
        let start = ContinuousClock.now
        let startCPU = CPUClock.now()
        let layers = flows.keys.sorted()
        let work = StatisticsWork(
            saes: saes, accumulators: accumulators, flows: layers.map { flows[$0]! }, layers: layers, index: index,
            inputs: inputs, codes: codes, sequences: sequences, positions: positions)
        DispatchQueue.concurrentPerform(iterations: saes.count + layers.count) { work.run($0) }
        statisticsSeconds += (ContinuousClock.now - start).seconds
        statisticsCPUSeconds += CPUClock.now() - startCPU
        tokens += kept.count
    }

    /// The top contexts of SAE `i` as stored: for each feature's kept activations, the token ids of the window
    /// of `before` tokens before and `after` after (clipped to the sequence).
    public func windows(of i: Int, before: Int, after: Int, tokens: (Int) throws -> [Int]) rethrows -> [ContextWindow] {
        let sae = saes[i]
        var rows: [ContextWindow] = []
        var sequenceCache: [Int: [Int]] = [:]
        for feature in 0..<sae.featureCount {
            for (rank, entry) in accumulators[i].topActivations(feature).enumerated() {
                let ids: [Int]
                if let cached = sequenceCache[entry.sequence] {
                    ids = cached
                } else {
                    ids = try tokens(entry.sequence)
                    sequenceCache[entry.sequence] = ids
                }
                let lower = max(0, entry.position - before)
                let upper = min(ids.count, entry.position + after + 1)
                rows.append(
                    ContextWindow(
                        layer: sae.layer, hookSite: sae.hookSite, feature: feature, rank: rank + 1,
                        activation: Double(entry.value), sequence: entry.sequence, position: entry.position,
                        tokens: ids[lower..<upper].map { Int32(truncatingIfNeeded: $0) },
                        focus: entry.position - lower))
            }
        }
        return rows
    }

    /// The top contexts of SAE `i` with their tokens decoded by `decode` (the record pages read).
    public func contexts(
        of i: Int, before: Int, after: Int, tokens: (Int) throws -> [Int], decode: (Int) -> String
    ) rethrows -> [FeatureContext] {
        try windows(of: i, before: before, after: after, tokens: tokens).map { window in
            FeatureContext(
                layer: window.layer, hookSite: window.hookSite, feature: window.feature, rank: window.rank,
                activation: window.activation, sequence: window.sequence, position: window.position,
                tokens: window.tokens.map { decode(Int($0)) }, focus: window.focus)
        }
    }
}
