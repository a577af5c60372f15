import FlowCore
import Foundation
import LinearAlgebra
import ModelRuntime
import SAEEncoding

/// The paper's deactivation experiment (METHOD.md §6, docs/evidence.md): on a seeded sample of (sequence,
/// token, layer, active residual target) events whose top-1 group is not "From nowhere", the matched
/// predecessors are rescaled at that token only, `h ← h + (r − 1)·a·W_dec[i]` (raw decoder rows, `a` the
/// predecessor's activation at that token in the unedited run), block L is re-run on the stored residual
/// stream (a `LayerView`, the earlier positions from a key/value cache), and the target re-encoded.
public final class Deactivator {
    /// Predecessor choices.
    public enum Mode: String, CaseIterable, Sendable {
        /// The rank-1 predecessor at each position.
        case top1
        /// Every one of the top 5 at each position.
        case top5
        /// At each position one of the top 5, drawn (seeded) among those active at the token.
        case random5
    }

    /// Variants of one (token, layer) re-run together in one batched forward pass of the block.
    static let variantBatch = 128

    let model: Transformer
    let checkpoint: any CheckpointTensors
    let computation: EvidenceComputation

    /// A deactivator for the SAEs and matches of `computation` on `model` (whose weights are `checkpoint`).
    public init(model: Transformer, checkpoint: any CheckpointTensors, computation: EvidenceComputation) {
        self.model = model
        self.checkpoint = checkpoint
        self.computation = computation
    }

    /// The view hook of an SAE of layer `sae.layer` read for target layer `layer`, or nil if unsupported.
    static func viewPoint(of sae: EvidenceSAE, targetLayer layer: Int, view v: Int) -> TransformerHook? {
        guard let point = TransformerHook(name: sae.hookName) else { return nil }
        switch (sae.hookSite, point) {
        case (.res, .residPost(let l)) where l == layer - 1: return .residPre(v)
        case (.res, .residPre(let l)) where l == layer: return .residPre(v)
        case (.res, .residPost(let l)) where l == layer: return .residPost(v)
        case (.res, .residPre(let l)) where l == layer + 1: return .residPost(v)
        case (.att, .attnOut(let l)) where l == layer: return .attnOut(v)
        case (.att, .attnZ(let l)) where l == layer: return .attnZ(v)
        case (.mlp, .mlpOut(let l)) where l == layer: return .mlpOut(v)
        default: return nil
        }
    }

    /// Layers whose target and predecessor SAEs all sit where a one-block re-run can edit and read them.
    public func eligibleLayers() -> [Int] {
        computation.flows.keys.sorted().filter { layer in
            guard layer >= 0, layer < model.config.layerCount,
                let target = computation.sae(layer: layer, hookSite: .res),
                Self.viewPoint(of: computation.saes[target], targetLayer: layer, view: 1) == .residPost(1)
            else { return false }
            for (hookSite, l) in [(HookSite.res, layer - 1), (.mlp, layer), (.att, layer)] {
                if let i = computation.sae(layer: l, hookSite: hookSite),
                    Self.viewPoint(of: computation.saes[i], targetLayer: layer, view: 1) == nil
                {
                    return false
                }
            }
            return true
        }
    }

    /// Runs the sample over `corpus` and returns one row per (layer, mode, r) and the number of events.
    public func run(
        corpus: TokenCorpus, skipToken: Int?, request: EvidenceRequest, progress: (Int, Int) -> Void = { _, _ in }
    ) throws -> ([Deactivation], Int) {
        let (totals, events) = try totals(
            corpus: corpus, skipToken: skipToken, request: request, progress: progress)
        return (totals.map(\.row), events)
    }

    /// The sample's sums per (layer, mode, r). The sequences and layers are drawn from the seed and the
    /// corpus' sequence count; each sampled sequence's tokens, targets and random-of-top-5 choices from its
    /// own stream `SplitMix64.key(seed, 0xDEAC, sequence)`. So a shard that runs only the sampled sequences
    /// in `range` (its slice) makes exactly the events the single run makes there, and the shards' sums
    /// add up to the single run's (the change sums up to the order of addition).
    public func totals(
        corpus: TokenCorpus, skipToken: Int?, request: EvidenceRequest, range: Range<Int>? = nil,
        progress: (Int, Int) -> Void = { _, _ in }
    ) throws -> ([DeactivationTotal], Int) {
        let seed = UInt64(truncatingIfNeeded: request.seed)
        var random = SplitMix64(seed: SplitMix64.key(seed, 0xDEAC))
        func sample(_ n: Int, of count: Int, _ draw: (Int) -> Int) -> [Int] {
            var items = Array(0..<count)
            for i in 0..<min(n, count) { items.swapAt(i, i + draw(count - i)) }
            return Array(items.prefix(n)).sorted()
        }
        let global: (Int) -> Int = { n in Int(random.next() % UInt64(max(n, 1))) }
        let sequences = sample(request.deactivationTexts, of: corpus.sequences.count, global)
        let eligible = eligibleLayers()
        let layers = sample(request.deactivationLayers, of: eligible.count, global).map { eligible[$0] }
        guard !sequences.isEmpty, !layers.isEmpty else { return ([], 0) }
        let owned = sequences.filter { range?.contains($0) ?? true }

        // The unedited run of the sampled sequences: every hook the sampled layers' SAEs read.
        var points = Set<TransformerHook>()
        for layer in layers {
            points.insert(.residPre(layer))
            for (hookSite, l) in [(HookSite.res, layer), (.res, layer - 1), (.mlp, layer), (.att, layer)] {
                if let i = computation.sae(layer: l, hookSite: hookSite),
                    let point = TransformerHook(name: computation.saes[i].hookName)
                {
                    points.insert(point)
                }
            }
        }
        var totals: [String: (samples: Int, successes: Int, change: Double)] = [:]
        var events = 0
        let views = Dictionary(
            uniqueKeysWithValues: try layers.map { layer in
                // Gemma 2 alternates sliding-window and global layers by parity, so its view of an odd
                // block starts a block earlier; other models re-run block L alone.
                let view =
                    checkpoint.config.architecture == .gemma2
                    ? LayerView.of(block: layer, in: checkpoint) : LayerView(base: checkpoint, first: layer, count: 1)
                // The block's weights decoded once (the batched re-runs are matrix products), within the
                // request's weight cache shared among the sampled layers, at most 256 MiB per view.
                let budget = min(256 << 20, (request.weightCacheMiB << 20) / max(1, layers.count))
                return (layer, (view, try Transformer(checkpoint: view, weightCacheBytes: budget)))
            })
        for (n, s) in owned.enumerated() {
            progress(n, owned.count)
            var stream = SplitMix64(seed: SplitMix64.key(seed, 0xDEAC, UInt64(s)))
            let draw: (Int) -> Int = { n in Int(stream.next() % UInt64(max(n, 1))) }
            let ids = corpus.sequences[s]
            let output = try model.forward([ids], hooks: ForwardHooks(capture: points), logits: .none)
            let candidates = (1..<max(ids.count, 1)).filter { ids[$0] != skipToken }  // not the attention sink
            let tokens = sample(request.deactivationTokens, of: candidates.count, draw).map { candidates[$0] }
            for layer in layers {
                let (view, runner) = views[layer]!
                for t in tokens {
                    events += try runEvent(
                        layer: layer, token: t, ids: ids, output: output, view: view, runner: runner,
                        request: request, draw: draw, totals: &totals)
                }
            }
        }
        progress(owned.count, owned.count)
        var rows: [DeactivationTotal] = []
        for layer in layers {
            for mode in Mode.allCases {
                for r in request.rValues {
                    let total = totals["\(layer) \(mode.rawValue) \(r)"] ?? (0, 0, 0)
                    rows.append(
                        DeactivationTotal(
                            layer: layer, mode: mode.rawValue, r: r, samples: total.samples,
                            successes: total.successes, changeSum: total.change))
                }
            }
        }
        return (rows, events)
    }

    /// The input row of SAE `i` at token `t` of the unedited run.
    func row(_ i: Int, _ t: Int, _ output: ForwardOutput) -> [Float]? {
        let sae = computation.saes[i]
        guard let point = TransformerHook(name: sae.hookName), let values = output.activations[point] else {
            return nil
        }
        let d = sae.inputWidth
        return Array(values[(t * d)..<((t + 1) * d)])
    }

    /// The code of one row.
    func code(_ i: Int, _ row: [Float]) throws -> [Int: Float] {
        let codes = try computation.saes[i].encoder.encode(Matrix(rows: 1, columns: row.count, values: row))
        return Dictionary(uniqueKeysWithValues: codes.code(0).map { ($0.index, $0.value) })
    }

    /// One (layer, token): samples targets, re-runs the block for every mode and r; returns the events used.
    func runEvent(
        layer: Int, token t: Int, ids: [Int], output: ForwardOutput, view: LayerView, runner: Transformer,
        request: EvidenceRequest, draw: (Int) -> Int,
        totals: inout [String: (samples: Int, successes: Int, change: Double)]
    ) throws -> Int {
        guard let targetIndex = computation.sae(layer: layer, hookSite: .res), let flow = computation.flows[layer],
            let targetRow = row(targetIndex, t, output), let residual = output.activations[.residPre(layer)]
        else { return 0 }
        let d = model.config.modelDimension
        let v = view.index
        let table = flow.table
        var hookSites: [(hookSite: HookSite, sae: Int, point: TransformerHook, code: [Int: Float])] = []
        for (hookSite, l) in [(HookSite.res, layer - 1), (.mlp, layer), (.att, layer)] {
            guard let i = computation.sae(layer: l, hookSite: hookSite),
                let point = Self.viewPoint(
                    of: computation.saes[i], targetLayer: layer, view: v), let input = row(i, t, output)
            else { continue }
            hookSites.append((hookSite, i, point, try code(i, input)))
        }
        let original = try code(targetIndex, targetRow)
        // Targets whose top-1 group is not "From nowhere", in a seeded order.
        var targets = original.keys.sorted().filter { feature in
            hookSites.contains { entry in
                table.candidate(feature, hookSite: entry.hookSite).map { entry.code[$0] != nil } ?? false
            }
        }
        for i in 0..<min(request.deactivationTargets, targets.count) {
            targets.swapAt(i, i + draw(targets.count - i))
        }
        targets = Array(targets.prefix(request.deactivationTargets))
        guard !targets.isEmpty else { return 0 }

        // The key/value cache of positions before t, from the stored residual stream.
        let cache = KeyValueCache(config: view.config, sequences: 1, capacity: t + 1)
        if t > 0 {
            let writeResidual = HookIntervention.edit { _, position, activation in
                for j in 0..<d { activation[j] = residual[position * d + j] }
            }
            _ = try runner.forward(
                [Array(ids[0..<t])], hooks: ForwardHooks(interventions: [.residPre(v): [writeResidual]]),
                logits: .none, cache: cache)
        }
        let decoders = computation.saes
        var variants: [(feature: Int, mode: Mode?, r: Double, removals: [(Int, TransformerHook, [(Int, Float)])])] =
            []
        for feature in targets {
            variants.append((feature, nil, 1, []))
            for mode in Mode.allCases {
                var removals: [(Int, TransformerHook, [(Int, Float)])] = []
                for entry in hookSites {
                    let ranks = (1...table.depth).compactMap {
                        table.candidate(feature, hookSite: entry.hookSite, rank: $0)
                    }
                    var chosen: [Int]
                    switch mode {
                    case .top1: chosen = Array(ranks.prefix(1))
                    case .top5: chosen = ranks
                    case .random5:
                        let active = ranks.filter { entry.code[$0] != nil }
                        chosen = active.isEmpty ? [] : [active[draw(active.count)]]
                    }
                    let pairs = chosen.compactMap { i in entry.code[i].map { (i, $0) } }
                    if !pairs.isEmpty { removals.append((entry.sae, entry.point, pairs)) }
                }
                for r in request.rValues where r != 1 { variants.append((feature, mode, r, removals)) }
            }
        }
        // Every variant of this (token, layer) is one sequence of a batch: one token each, attending to the
        // shared prefix (the one-sequence cache copied into each), so block L runs as matrix products over
        // up to `Self.variantBatch` variants instead of one vector product per variant.
        var outputs = [Float](repeating: 0, count: variants.count * d)
        var start = 0
        while start < variants.count {
            let chunk = Array(variants[start..<min(variants.count, start + Self.variantBatch)])
            let batchCache = KeyValueCache(config: view.config, sequences: chunk.count, capacity: t + 1)
            try cache.broadcast(sequence: 0, into: batchCache)
            var edits: [TransformerHook: [[(rows: [Float], width: Int, pairs: [(Int, Float)])]]] = [:]
            for (n, variant) in chunk.enumerated() {
                for (sae, point, pairs) in variant.removals {
                    edits[point, default: Array(repeating: [], count: chunk.count)][n].append(
                        (decoders[sae].decoder, decoders[sae].inputWidth, pairs))
                }
            }
            let factors = chunk.map { Float($0.r - 1) }
            var interventions: [TransformerHook: [HookIntervention]] = [
                .residPre(v): [
                    .edit { _, _, activation in
                        for j in 0..<d { activation[j] = residual[t * d + j] }
                    }
                ]
            ]
            for (point, perSequence) in edits.sorted(by: { $0.key.name < $1.key.name }) {
                interventions[point, default: []].append(
                    .edit { sequence, _, activation in
                        let factor = factors[sequence]
                        for (rows, width, pairs) in perSequence[sequence] {
                            for (feature, a) in pairs {
                                let base = feature * width
                                for j in 0..<width { activation[j] += factor * a * rows[base + j] }
                            }
                        }
                    })
            }
            let result = try runner.forward(
                Array(repeating: [ids[t]], count: chunk.count),
                hooks: ForwardHooks(capture: [.residPost(v)], interventions: interventions), logits: .none,
                cache: batchCache)
            outputs.replaceSubrange(
                (start * d)..<((start + chunk.count) * d), with: result.activations[.residPost(v)]!)
            start += chunk.count
        }
        let codes = try computation.saes[targetIndex].encoder.encode(
            Matrix(rows: variants.count, columns: d, values: outputs))
        for (n, variant) in variants.enumerated() {
            let old = Double(original[variant.feature]!)
            let new = Double(codes.code(n).first { $0.index == variant.feature }?.value ?? 0)
            let modes = variant.mode.map { [$0] } ?? Mode.allCases
            for mode in modes {
                let key = "\(layer) \(mode.rawValue) \(variant.r)"
                var total = totals[key] ?? (0, 0, 0)
                total.samples += 1
                if new <= 0 { total.successes += 1 }
                total.change += 1 - new / old
                totals[key] = total
            }
        }
        return targets.count
    }
}
