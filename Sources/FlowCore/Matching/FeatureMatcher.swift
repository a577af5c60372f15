import LinearAlgebra

/// Matches every residual feature of R_L with its top-k cosine neighbours among R_{L-1}, M_L, A_L
/// (backward) and R_{L+1} (forward), METHOD.md §2.
///
/// Layers are processed in increasing order. The residual decoders are normalised once and slide
/// along: R_L and R_{L+1} are held in memory (F32, unit rows); the module decoders (M_L, A_L) and a
/// residual neighbour that is not itself recomputed are streamed in chunks of `tileColumns` rows,
/// converted, projected (hook_z attention) and normalised on the fly. The product R_L · R_{L+1}ᵀ is
/// made once and gives both the forward matches of L (rows) and the backward `res` matches of L+1
/// (columns). Memory: two residual decoders + one chunk + one tile, whatever the number of layers.
public struct FeatureMatcher {
    /// Run parameters.
    public var options: MatchOptions
    /// Supplies W_O and the gain for a hook_z attention SAE; nil means no model weights were given
    /// and such SAEs are skipped with a warning.
    public var projection: ((SAE) throws -> AttentionProjection)?

    /// A matcher with `options`, projecting hook_z attention SAEs with `projection` when given.
    public init(options: MatchOptions = .init(), projection: ((SAE) throws -> AttentionProjection)? = nil) {
        self.options = options
        self.projection = projection
    }

    /// One plan per layer that has a residual SAE, in increasing layer order.
    public func plan(saes: [SAE]) throws -> [LayerPlan] {
        var bySite: [HookSite: [Int: SAE]] = [:]
        for sae in saes {
            if bySite[sae.hookSite]?[sae.layer] != nil {
                throw MatchingError(path: sae.source.path, reason: .duplicate(layer: sae.layer, hookSite: sae.hookSite))
            }
            bySite[sae.hookSite, default: [:]][sae.layer] = sae
            if sae.decoder.rows != sae.dSAE || sae.decoder.columns != sae.dIn {
                throw MatchingError(
                    path: sae.source.path,
                    reason: .decoderShape(
                        rows: sae.decoder.rows, columns: sae.decoder.columns, dSAE: sae.dSAE, dIn: sae.dIn))
            }
        }
        let residuals = bySite[.res] ?? [:]
        return try residuals.keys.sorted().map { layer in
            let residual = residuals[layer]!
            var targets: [LayerPlan.Target] = []
            var skipped: [String] = []
            func add(_ sae: SAE?, _ hookSite: HookSite, _ direction: MatchDirection) throws {
                guard let sae else { return }
                if sae.needsProjection {
                    guard projection != nil else {
                        skipped.append(
                            "layer \(layer) att: \(sae.source.path) reads hook_z (per-head outputs, \(sae.dIn)-d); "
                                + "skipped — pass --model DIR to project it into the residual space with W_O")
                        return
                    }
                } else if sae.dIn != residual.dIn {
                    throw MatchingError(
                        path: sae.source.path,
                        reason: .widthMismatch(
                            hookSite: hookSite, layer: sae.layer, width: sae.dIn, residualWidth: residual.dIn))
                }
                targets.append(
                    .init(hookSite: hookSite, direction: direction, sae: sae, projected: sae.needsProjection))
            }
            try add(residuals[layer - 1], .res, .backward)
            try add(bySite[.mlp]?[layer], .mlp, .backward)
            try add(bySite[.att]?[layer], .att, .backward)
            try add(residuals[layer + 1], .res, .forward)
            return LayerPlan(layer: layer, residual: residual, targets: targets, skipped: skipped)
        }
    }

    /// Matches the layers of `plans` listed in `layers` (all when nil), calling `output` once per
    /// layer in increasing order and `progress` after every comparison. A full run is shard 0 of 1 with one
    /// unit per layer: the same loop as `runSlice`.
    public func run(
        plans: [LayerPlan], layers: Set<Int>? = nil, progress: (MatchProgress) -> Void = { _ in },
        output: (LayerMatches) throws -> Void
    ) throws {
        let work = plans.filter { layers?.contains($0.layer) ?? true }.sorted { $0.layer < $1.layer }
        let units = ShardSpec(index: 0, count: 1).slice(of: ShardSpec.units(plans: work, blockRows: .max))
        try runSlice(plans: work, computed: Set(work.map(\.layer)), units: units, progress: progress) { result, _ in
            try output(result)
        }
    }

    /// Candidates per row of the approximate pass (never fewer than k).
    var candidateCount: Int { max(options.approximate?.candidates ?? 0, options.topK) }

    /// Floating-point operations the products of `work` will take (shared R_L·R_{L+1}ᵀ counted once;
    /// approximate: an estimate, the adaptive rounds and the audit are not known in advance).
    func plannedFlops(_ work: [LayerPlan], computed: Set<Int>) -> Double {
        var total = 0.0
        for plan in work {
            for target in plan.targets {
                if target.direction == .backward && target.hookSite == .res && computed.contains(target.sae.layer) {
                    continue  // comes with the forward product of the previous layer
                }
                let n = Double(plan.residual.dSAE)
                let m = Double(target.sae.dSAE)
                let width = Double(plan.residual.dIn)
                if let approximate = options.approximate {
                    // Sketch pairs counted as 2·b/8 flop-equivalents each; the first rescoring round.
                    let rescored = target.direction == .forward ? n + m : n
                    total += 2 * n * m * Double(approximate.bits) / 8 + 2 * rescored * Double(candidateCount) * width
                } else {
                    total += 2 * n * m * width
                }
            }
        }
        return total
    }

    /// Rows `rows` of an SAE's decoder as F32, projected when asked, with unit rows; and the indices
    /// (relative to `rows`) of the zero rows.
    func load(_ sae: SAE, rows: Range<Int>, projection: AttentionProjection?) throws -> (Matrix, [Int]) {
        let columns = sae.dIn
        guard !rows.isEmpty else { return (Matrix(rows: 0, columns: columns), []) }
        // Chunks converted by parallel workers straight into one buffer.
        let chunks = stride(from: rows.lowerBound, to: rows.upperBound, by: Self.loadChunkRows).map {
            $0..<min(rows.upperBound, $0 + Self.loadChunkRows)
        }
        var failures = [Error?](repeating: nil, count: chunks.count)
        let values = [Float](unsafeUninitializedCapacity: rows.count * columns) { buffer, count in
            failures.withUnsafeMutableBufferPointer { failures in
                let shared = UncheckedSendable((values: buffer.baseAddress, failures: failures.baseAddress!))
                Parallel.forEachPart(chunks.count, minimum: 1) { part in
                    for c in part {
                        let offset = (chunks[c].lowerBound - rows.lowerBound) * columns
                        let target = UnsafeMutableBufferPointer(
                            start: shared.value.values.map { $0 + offset }, count: chunks[c].count * columns)
                        do { try sae.decoder.read(chunks[c], into: target) } catch { shared.value.failures[c] = error }
                    }
                }
            }
            count = rows.count * columns
        }
        // The first failing chunk in row order, whatever the timing.
        if let failure = failures.lazy.compactMap({ $0 }).first { throw failure }
        if rows == 0..<sae.dSAE { sae.decoder.releaseResidentPages() }
        var matrix = Matrix(rows: rows.count, columns: columns, values: values)
        if let projection { matrix = projection.project(matrix) }
        let zero = matrix.normalizeRows()
        return (matrix, zero)
    }

    /// Rows per chunk when a whole decoder is converted (each worker converts whole chunks).
    static let loadChunkRows = 1024

    func checkProjection(_ projection: AttentionProjection, _ sae: SAE, residual: SAE) throws {
        if projection.dIn != sae.dIn {
            throw MatchingError(
                path: sae.source.path, reason: .projectionShape(dIn: sae.dIn, projectionDIn: projection.dIn))
        }
        if projection.dModel != residual.dIn {
            throw MatchingError(
                path: sae.source.path,
                reason: .widthMismatch(
                    hookSite: .att, layer: sae.layer, width: projection.dModel, residualWidth: residual.dIn))
        }
    }

    /// Streams `sae`'s decoder in chunks of `tileColumns` rows (projected and normalised) against the unit
    /// rows of `block`, keeping each block row's top-k in `topK`; returns how many decoder rows were zero.
    func streamChunks(
        of sae: SAE, against block: Matrix, projection: AttentionProjection?, kernel: TopKProduct,
        into topK: inout TopKAccumulator
    ) throws -> Int {
        var none: TopKAccumulator? = nil
        var zeroRows = 0
        var chunkStart = 0
        while chunkStart < sae.dSAE {
            let rows = chunkStart..<min(sae.dSAE, chunkStart + options.tileColumns)
            let (chunk, zero) = try load(sae, rows: rows, projection: projection)
            zeroRows += zero.count
            kernel.accumulate(a: block, b: chunk, bOffset: chunkStart, rowTopK: &topK, columnTopK: &none)
            chunkStart = rows.upperBound
        }
        sae.decoder.releaseResidentPages()
        return zeroRows
    }

    func zeroRowsWarning(_ sae: SAE, _ count: Int) -> String {
        "layer \(sae.layer) \(sae.hookSite.rawValue): \(count) decoder row(s) of zero norm (cosine 0 with everything)"
    }
}
