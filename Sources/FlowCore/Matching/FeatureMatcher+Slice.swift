import LinearAlgebra

extension FeatureMatcher {
    /// Matches the residual row blocks `units` (a shard's slice), calling `output` once per unit with
    /// the block's matches (feature 0 of the result is row `unit.rows.lowerBound`).
    ///
    /// `computed` is the set of layers the equivalent single run computes: where it would take layer
    /// L's backward `res` matches from the columns of the product R_{L-1}·R_Lᵀ, so does this (on R_L's
    /// block of columns); every other comparison is the rows form on the block's rows. Blocks start at
    /// multiples of both tile sizes, so the sgemm calls (and hence the F32 cosines) are the single
    /// run's, bit for bit. Costs one more product per layer than the single run, which shares
    /// R_L·R_{L+1}ᵀ between the forward matches of L and the backward matches of L+1.
    public func runSlice(
        plans: [LayerPlan], computed: Set<Int>, units: [ShardSpec.Unit], progress: (MatchProgress) -> Void = { _ in },
        output: (LayerMatches, ShardSpec.Unit) throws -> Void
    ) throws {
        let kernel = TopKProduct(tileRows: options.tileRows, tileColumns: options.tileColumns)
        let sketchKernel = SketchProduct(
            tileRows: ApproximateMatching.reducedTiles.rows, tileColumns: ApproximateMatching.reducedTiles.columns)
        let start = TopKProduct.now()
        var sketchers: [Int: SketchProjection] = [:]
        var otherFlops = 0.0
        // The whole run's rows (not only this slice's), so every shard samples what a single run would.
        let share = auditShare(rows: plans.reduce(0) { $0 + $1.residual.dSAE * $1.targets.count })
        func sketchFlops() -> Double { sketchKernel.pairs * 2 * Double(options.approximate?.bits ?? 0) / 8 }
        var projections: [Int: AttentionProjection] = [:]
        // The current layer's whole candidate decoders (normalised, projected when hook_z), by position.
        var pools: (layer: Int, byKey: [String: (matrix: Matrix, sketch: SignSketch?, zero: Int)]) = (-1, [:])
        let byLayer = Dictionary(uniqueKeysWithValues: plans.map { ($0.layer, $0) })
        for (number, unit) in units.enumerated() {
            guard let plan = byLayer[unit.layer] else { continue }
            let unitStart = TopKProduct.now()
            let flops0 = kernel.flops + sketchFlops() + otherFlops
            var audit: MatchAudit? = nil
            var warnings = plan.skipped
            let (block, zero) = try load(plan.residual, rows: unit.rows, projection: nil)
            if !zero.isEmpty { warnings.append(zeroRowsWarning(plan.residual, zero.count)) }
            let sketcher = sketcher(width: block.columns, cache: &sketchers)
            let blockSketch = sketcher?.sketch(block)
            var comparisons: [MatchComparison] = []
            for target in plan.targets {
                let candidateLayer = target.sae.layer
                var project: AttentionProjection? = nil
                if target.projected, let projection {
                    if projections[candidateLayer] == nil { projections[candidateLayer] = try projection(target.sae) }
                    project = projections[candidateLayer]
                    try checkProjection(project!, target.sae, residual: plan.residual)
                }
                var topK = TopKAccumulator(rows: block.rows, k: options.topK)
                var zeroRows = 0
                let columnsForm =
                    target.direction == .backward && target.site == .res && computed.contains(candidateLayer)
                if columnsForm || sketcher != nil {
                    let key = "\(candidateLayer)/\(target.site.rawValue)"
                    if pools.layer != plan.layer { pools = (plan.layer, [:]) }
                    if pools.byKey[key] == nil {
                        let (matrix, zero) = try load(target.sae, rows: 0..<target.sae.dSAE, projection: project)
                        pools.byKey[key] = (matrix, sketcher?.sketch(matrix), zero.count)
                    }
                    let entry = pools.byKey[key]!
                    zeroRows = entry.zero
                    let pool = entry.matrix
                    if let sketcher, let blockSketch, let poolSketch = entry.sketch {
                        var candidates: TopKAccumulator? = TopKAccumulator(rows: block.rows, k: maxCandidateCount)
                        var none: TopKAccumulator? = nil
                        if columnsForm {
                            sketchKernel.accumulate(
                                a: poolSketch, b: blockSketch, rowTopK: &none, columnTopK: &candidates)
                        } else {
                            sketchKernel.accumulate(
                                a: blockSketch, b: poolSketch, rowTopK: &candidates, columnTopK: &none)
                        }
                        let (rows, part) = resolve(
                            candidates!, owners: block, pool: pool, sketch: sketcher, layer: plan.layer,
                            code: Self.auditCode(site: target.site, direction: target.direction),
                            rowOffset: unit.rows.lowerBound, share: share, flops: &otherFlops)
                        topK = rows
                        audit = audit.map { $0.adding(part) } ?? part
                    } else if columnsForm {
                        kernel.accumulateColumns(a: pool, b: block, columnTopK: &topK)
                    } else {
                        var none: TopKAccumulator? = nil
                        kernel.accumulate(a: block, b: pool, rowTopK: &topK, columnTopK: &none)
                    }
                } else {
                    zeroRows += try streamChunks(
                        of: target.sae, against: block, projection: project, kernel: kernel, into: &topK)
                }
                if zeroRows > 0 { warnings.append(zeroRowsWarning(target.sae, zeroRows)) }
                comparisons.append(
                    MatchComparison(
                        site: target.site, direction: target.direction, candidateLayer: candidateLayer,
                        candidates: target.sae.dSAE, topK: topK))
            }
            try output(
                LayerMatches(
                    layer: plan.layer, features: block.rows, comparisons: comparisons,
                    seconds: TopKProduct.now() - unitStart, flops: kernel.flops + sketchFlops() + otherFlops - flops0,
                    warnings: warnings, audit: audit), unit)
            progress(
                MatchProgress(
                    layer: plan.layer, layerNumber: number + 1, layerCount: units.count,
                    step: "rows \(unit.rows.lowerBound)–\(unit.rows.upperBound - 1)", layerDone: true,
                    flopsDone: kernel.flops + sketchFlops() + otherFlops, flopsTotal: 0,
                    elapsed: TopKProduct.now() - start))
        }
    }
}
