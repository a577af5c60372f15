import LinearAlgebra

extension FeatureMatcherLoop {
    /// R_L·R_{L+1}ᵀ made once for a whole layer L whose next unit is the whole layer L+1: rows are L's forward
    /// matches; columns are carried to L+1 as its backward `res` matches, and R_{L+1} is held for it.
    func shared(_ target: LayerPlan.Target, block: Block) throws -> Compared {
        let candidateLayer = target.sae.layer
        let (next, zero) = try matcher.load(target.sae, rows: 0..<target.sae.dSAE, projection: nil)
        guard let sketcher = block.sketcher, let blockSketch = block.sketch else {
            var rowTopK = TopKAccumulator(rows: block.matrix.rows, k: options.topK)
            var columnTopK: TopKAccumulator? = TopKAccumulator(rows: next.rows, k: options.topK)
            kernel.accumulate(a: block.matrix, b: next, rowTopK: &rowTopK, columnTopK: &columnTopK)
            carried = (candidateLayer, columnTopK!, nil)
            held = (candidateLayer, next, nil)
            return Compared(topK: rowTopK, zeroRows: zero.count, audit: nil)
        }
        let nextSketch = sketcher.sketch(next)
        let c = matcher.maxCandidateCount
        var rowCandidates: TopKAccumulator? = TopKAccumulator(rows: block.matrix.rows, k: c)
        var columnCandidates: TopKAccumulator? = TopKAccumulator(rows: next.rows, k: c)
        sketchKernel.accumulate(a: blockSketch, b: nextSketch, rowTopK: &rowCandidates, columnTopK: &columnCandidates)
        let (rows, rowAudit) = matcher.resolve(
            rowCandidates!, owners: block.matrix, pool: next, sketch: sketcher, layer: block.plan.layer,
            code: FeatureMatcher.auditCode(hookSite: target.hookSite, direction: target.direction), rowOffset: 0,
            share: share,
            flops: &otherFlops)
        let (columns, columnAudit) = matcher.resolve(
            columnCandidates!, owners: next, pool: block.matrix, sketch: sketcher, layer: candidateLayer,
            code: FeatureMatcher.auditCode(hookSite: .res, direction: .backward), rowOffset: 0, share: share,
            flops: &otherFlops)
        carried = (candidateLayer, columns, columnAudit)
        held = (candidateLayer, next, nextSketch)
        return Compared(topK: rows, zeroRows: zero.count, audit: rowAudit)
    }

    /// A comparison against a whole candidate decoder: sketch candidates resolved exactly (approximate), or one
    /// product in rows form, or in columns form for a backward `res` comparison with a computed layer. The
    /// decoder is kept for the layer's further units when the block is only part of the layer.
    func pooled(
        _ target: LayerPlan.Target, block: Block, projection: AttentionProjection?, columnsForm: Bool
    ) throws -> Compared {
        let entry = try pool(target, block: block, projection: projection)
        var topK = TopKAccumulator(rows: block.matrix.rows, k: options.topK)
        var none: TopKAccumulator? = nil
        guard let sketcher = block.sketcher, let blockSketch = block.sketch, let poolSketch = entry.sketch else {
            if columnsForm {
                kernel.accumulateColumns(a: entry.matrix, b: block.matrix, columnTopK: &topK)
            } else {
                kernel.accumulate(a: block.matrix, b: entry.matrix, rowTopK: &topK, columnTopK: &none)
            }
            return Compared(topK: topK, zeroRows: entry.zero, audit: nil)
        }
        var candidates: TopKAccumulator? = TopKAccumulator(rows: block.matrix.rows, k: matcher.maxCandidateCount)
        if columnsForm {
            sketchKernel.accumulate(a: poolSketch, b: blockSketch, rowTopK: &none, columnTopK: &candidates)
        } else {
            sketchKernel.accumulate(a: blockSketch, b: poolSketch, rowTopK: &candidates, columnTopK: &none)
        }
        let (rows, audit) = matcher.resolve(
            candidates!, owners: block.matrix, pool: entry.matrix, sketch: sketcher, layer: block.plan.layer,
            code: FeatureMatcher.auditCode(hookSite: target.hookSite, direction: target.direction),
            rowOffset: block.unit.rows.lowerBound, share: share, flops: &otherFlops)
        return Compared(topK: rows, zeroRows: entry.zero, audit: audit)
    }

    /// The target's whole decoder, normalised (projected when hook_z) and sketched; cached for the rest of the
    /// layer when the block is only part of it.
    func pool(_ target: LayerPlan.Target, block: Block, projection: AttentionProjection?) throws -> Pool {
        let key = Position(layer: target.sae.layer, hookSite: target.hookSite)
        if pools.layer != block.plan.layer { pools = (block.plan.layer, [:]) }
        if let known = pools.byKey[key] { return known }
        let (matrix, zero) = try matcher.load(target.sae, rows: 0..<target.sae.dSAE, projection: projection)
        let made = Pool(matrix: matrix, sketch: block.sketcher?.sketch(matrix), zero: zero.count)
        if !block.whole { pools.byKey[key] = made }
        return made
    }
}
