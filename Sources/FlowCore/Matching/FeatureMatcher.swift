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
        var bySite: [Site: [Int: SAE]] = [:]
        for sae in saes {
            if bySite[sae.site]?[sae.layer] != nil {
                throw MatchingError(path: sae.source.path, reason: .duplicate(layer: sae.layer, site: sae.site))
            }
            bySite[sae.site, default: [:]][sae.layer] = sae
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
            func add(_ sae: SAE?, _ site: Site, _ direction: MatchDirection) throws {
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
                            site: site, layer: sae.layer, width: sae.dIn, residualWidth: residual.dIn))
                }
                targets.append(.init(site: site, direction: direction, sae: sae, projected: sae.needsProjection))
            }
            try add(residuals[layer - 1], .res, .backward)
            try add(bySite[.mlp]?[layer], .mlp, .backward)
            try add(bySite[.att]?[layer], .att, .backward)
            try add(residuals[layer + 1], .res, .forward)
            return LayerPlan(layer: layer, residual: residual, targets: targets, skipped: skipped)
        }
    }

    /// Matches the layers of `plans` listed in `layers` (all when nil), calling `output` once per
    /// layer in increasing order and `progress` after every comparison.
    public func run(
        plans: [LayerPlan], layers: Set<Int>? = nil, progress: (MatchProgress) -> Void = { _ in },
        output: (LayerMatches) throws -> Void
    ) throws {
        let work = plans.filter { layers?.contains($0.layer) ?? true }.sorted { $0.layer < $1.layer }
        let computed = Set(work.map(\.layer))
        let flopsTotal = plannedFlops(work, computed: computed)
        let kernel = TopKProduct(tileRows: options.tileRows, tileColumns: options.tileColumns)
        let sketchKernel = SketchProduct(
            tileRows: ApproximateMatching.reducedTiles.rows, tileColumns: ApproximateMatching.reducedTiles.columns)
        let start = TopKProduct.now()
        var flopsDone = 0.0
        var otherFlops = 0.0
        var projections: [Int: AttentionProjection] = [:]
        var held: (layer: Int, matrix: Matrix, sketch: SignSketch?)? = nil
        var carried: (layer: Int, topK: TopKAccumulator, audit: MatchAudit?)? = nil
        var sketchers: [Int: SketchProjection] = [:]
        let share = auditShare(rows: work.reduce(0) { $0 + $1.residual.dSAE * $1.targets.count })
        func sketchFlops() -> Double { sketchKernel.pairs * 2 * Double(options.approximate?.bits ?? 0) / 8 }

        for (number, plan) in work.enumerated() {
            let layerStart = TopKProduct.now()
            let layerFlops0 = kernel.flops + sketchFlops() + otherFlops
            var warnings = plan.skipped
            let residual: Matrix
            var residualSketch: SignSketch? = nil
            if let held, held.layer == plan.layer {
                residual = held.matrix
                residualSketch = held.sketch
            } else {
                let (matrix, zero) = try load(plan.residual, rows: 0..<plan.residual.dSAE, projection: nil)
                residual = matrix
                if !zero.isEmpty { warnings.append(zeroRowsWarning(plan.residual, zero.count)) }
            }
            held = nil
            let sketcher = sketcher(width: residual.columns, cache: &sketchers)
            if let sketcher, residualSketch == nil { residualSketch = sketcher.sketch(residual) }
            var comparisons: [MatchComparison] = []
            var audit: MatchAudit? = nil
            func addAudit(_ part: MatchAudit?) {
                guard let part else { return }
                audit = audit.map { $0.adding(part) } ?? part
            }
            for target in plan.targets {
                var rowTopK = TopKAccumulator(rows: residual.rows, k: options.topK)
                var zeroRows = 0
                let candidateLayer = target.sae.layer
                let code = Self.auditCode(site: target.site, direction: target.direction)
                let project: AttentionProjection?
                if target.projected, let projection {
                    if projections[candidateLayer] == nil { projections[candidateLayer] = try projection(target.sae) }
                    project = projections[candidateLayer]
                    try checkProjection(project!, target.sae, residual: plan.residual)
                } else {
                    project = nil
                }
                if target.direction == .backward, target.site == .res, let carry = carried, carry.layer == plan.layer {
                    rowTopK = carry.topK
                    addAudit(carry.audit)
                    carried = nil
                } else if target.direction == .forward, computed.contains(candidateLayer) {
                    let (next, zero) = try load(target.sae, rows: 0..<target.sae.dSAE, projection: nil)
                    zeroRows = zero.count
                    if let sketcher, let residualSketch {
                        let nextSketch = sketcher.sketch(next)
                        let c = maxCandidateCount
                        var rowCandidates: TopKAccumulator? = TopKAccumulator(rows: residual.rows, k: c)
                        var columnCandidates: TopKAccumulator? = TopKAccumulator(rows: next.rows, k: c)
                        sketchKernel.accumulate(
                            a: residualSketch, b: nextSketch, rowTopK: &rowCandidates, columnTopK: &columnCandidates)
                        let (rows, rowAudit) = resolve(
                            rowCandidates!, owners: residual, pool: next, sketch: sketcher, layer: plan.layer,
                            code: code, rowOffset: 0, share: share, flops: &otherFlops)
                        rowTopK = rows
                        addAudit(rowAudit)
                        let (columns, columnAudit) = resolve(
                            columnCandidates!, owners: next, pool: residual, sketch: sketcher, layer: candidateLayer,
                            code: 0, rowOffset: 0, share: share, flops: &otherFlops)
                        carried = (candidateLayer, columns, columnAudit)
                        held = (candidateLayer, next, nextSketch)
                    } else {
                        var columnTopK: TopKAccumulator? = TopKAccumulator(rows: next.rows, k: options.topK)
                        kernel.accumulate(a: residual, b: next, rowTopK: &rowTopK, columnTopK: &columnTopK)
                        carried = (candidateLayer, columnTopK!, nil)
                        held = (candidateLayer, next, nil)
                    }
                } else if let sketcher, let residualSketch {
                    let (pool, zero) = try load(target.sae, rows: 0..<target.sae.dSAE, projection: project)
                    zeroRows = zero.count
                    var candidates: TopKAccumulator? = TopKAccumulator(rows: residual.rows, k: maxCandidateCount)
                    var none: TopKAccumulator? = nil
                    sketchKernel.accumulate(
                        a: residualSketch, b: sketcher.sketch(pool), rowTopK: &candidates, columnTopK: &none)
                    let (rows, rowAudit) = resolve(
                        candidates!, owners: residual, pool: pool, sketch: sketcher, layer: plan.layer, code: code,
                        rowOffset: 0, share: share, flops: &otherFlops)
                    rowTopK = rows
                    addAudit(rowAudit)
                } else {
                    zeroRows += try streamChunks(
                        of: target.sae, against: residual, projection: project, kernel: kernel, into: &rowTopK)
                }
                if zeroRows > 0 { warnings.append(zeroRowsWarning(target.sae, zeroRows)) }
                comparisons.append(
                    MatchComparison(
                        site: target.site, direction: target.direction, candidateLayer: candidateLayer,
                        candidates: target.sae.dSAE, topK: rowTopK))
                flopsDone = kernel.flops + sketchFlops() + otherFlops
                progress(
                    MatchProgress(
                        layer: plan.layer, layerNumber: number + 1, layerCount: work.count,
                        step: "\(target.site.rawValue) \(target.direction.rawValue)", layerDone: false,
                        flopsDone: flopsDone, flopsTotal: flopsTotal, elapsed: TopKProduct.now() - start))
            }
            let result = LayerMatches(
                layer: plan.layer, features: residual.rows, comparisons: comparisons,
                seconds: TopKProduct.now() - layerStart,
                flops: kernel.flops + sketchFlops() + otherFlops - layerFlops0,
                warnings: warnings, audit: audit)
            try output(result)
            progress(
                MatchProgress(
                    layer: plan.layer, layerNumber: number + 1, layerCount: work.count, step: "done", layerDone: true,
                    flopsDone: flopsDone, flopsTotal: flopsTotal, elapsed: TopKProduct.now() - start))
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
                if target.direction == .backward && target.site == .res && computed.contains(target.sae.layer) {
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
                    site: .att, layer: sae.layer, width: projection.dModel, residualWidth: residual.dIn))
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
        "layer \(sae.layer) \(sae.site.rawValue): \(count) decoder row(s) of zero norm (cosine 0 with everything)"
    }
}
