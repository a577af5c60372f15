import LinearAlgebra

/// The one matcher loop: matches units of residual rows (a whole layer, or a shard's block of one), unit by
/// unit, for both a full run (one whole-layer unit per layer: shard 0 of 1) and a shard's slice.
///
/// Where two consecutive units are whole layers L and L+1 that both are computed, the product R_L·R_{L+1}ᵀ is
/// made once: its rows are L's forward matches, its columns are carried to L+1 as its backward `res` matches,
/// and R_{L+1} (normalised, sketched) is held for L+1. Otherwise a backward `res` comparison with a computed
/// layer takes the columns form on the unit's rows, and every other comparison the rows form, so a shard's
/// sgemm calls (and hence its F32 cosines) are the full run's, bit for bit.
final class FeatureMatcherLoop {
    /// A candidate decoder loaded whole (normalised, projected when hook_z), with its sketch.
    struct Pool {
        var matrix: Matrix
        var sketch: SignSketch?
        var zero: Int
    }

    /// One comparison's outcome.
    struct Compared {
        var topK: TopKAccumulator
        var zeroRows: Int
        var audit: MatchAudit?
    }

    /// The unit being matched: its rows, unit-normalised, and their sketch.
    struct Block {
        var unit: ShardSpec.Unit
        var index: Int
        var plan: LayerPlan
        var whole: Bool
        var matrix: Matrix
        var sketch: SignSketch?
        var sketcher: SketchProjection?
    }

    let matcher: FeatureMatcher
    let plans: [Int: LayerPlan]
    let computed: Set<Int>
    let units: [ShardSpec.Unit]
    let share: Double
    let kernel: TopKProduct
    let sketchKernel: SketchProduct
    let start = TopKProduct.now()
    var otherFlops = 0.0
    var sketchers: [Int: SketchProjection] = [:]
    var projections: [Int: AttentionProjection] = [:]
    var pools: (layer: Int, byKey: [Position: Pool]) = (-1, [:])
    var held: (layer: Int, matrix: Matrix, sketch: SignSketch?)? = nil
    var carried: (layer: Int, topK: TopKAccumulator, audit: MatchAudit?)? = nil

    /// A loop over `units` of `plans`; `computed` are the layers the equivalent full run computes, and the audit
    /// samples its share of all of `plans`' rows (so every shard samples what a full run would).
    init(matcher: FeatureMatcher, plans: [LayerPlan], computed: Set<Int>, units: [ShardSpec.Unit]) {
        self.matcher = matcher
        self.plans = Dictionary(uniqueKeysWithValues: plans.map { ($0.layer, $0) })
        self.computed = computed
        self.units = units
        share = matcher.auditShare(rows: plans.reduce(0) { $0 + $1.residual.dSAE * $1.targets.count })
        let options = matcher.options
        kernel = TopKProduct(tileRows: options.tileRows, tileColumns: options.tileColumns)
        sketchKernel = SketchProduct(
            tileRows: ApproximateMatching.reducedTiles.rows, tileColumns: ApproximateMatching.reducedTiles.columns)
    }

    var options: MatchOptions { matcher.options }

    /// Floating-point operations so far (sketch pairs counted as 2·b/8 each).
    var flopsDone: Double {
        kernel.flops + sketchKernel.pairs * 2 * Double(options.approximate?.bits ?? 0) / 8 + otherFlops
    }

    /// The planned operations of the units (a whole layer's share of `plannedFlops`, by rows for a block).
    var flopsTotal: Double {
        units.reduce(0) { total, unit in
            guard let plan = plans[unit.layer] else { return total }
            let planned = matcher.plannedFlops([plan], computed: computed)
            return total + planned * Double(unit.rows.count) / Double(max(1, plan.residual.dSAE))
        }
    }

    /// Matches every unit in order: `progress` after each comparison and each unit, `output` once per unit.
    func run(progress: (MatchProgress) -> Void, output: (LayerMatches, ShardSpec.Unit) throws -> Void) throws {
        let total = flopsTotal
        for (index, unit) in units.enumerated() {
            guard let plan = plans[unit.layer] else { continue }
            let unitStart = TopKProduct.now()
            let flops0 = flopsDone
            var warnings = plan.skipped
            let block = try block(unit, index: index, plan: plan, warnings: &warnings)
            var comparisons: [MatchComparison] = []
            var audit: MatchAudit? = nil
            for target in plan.targets {
                let compared = try compare(target, block: block)
                if let part = compared.audit { audit = audit.map { $0.adding(part) } ?? part }
                if compared.zeroRows > 0 { warnings.append(matcher.zeroRowsWarning(target.sae, compared.zeroRows)) }
                comparisons.append(
                    MatchComparison(
                        hookSite: target.hookSite, direction: target.direction, candidateLayer: target.sae.layer,
                        candidates: target.sae.dSAE, topK: compared.topK))
                progress(
                    event(block, step: "\(target.hookSite.rawValue) \(target.direction.rawValue)", done: false, total))
            }
            try output(
                LayerMatches(
                    layer: plan.layer, features: block.matrix.rows, comparisons: comparisons,
                    seconds: TopKProduct.now() - unitStart, flops: flopsDone - flops0, warnings: warnings,
                    audit: audit), unit)
            let step = block.whole ? "done" : "rows \(unit.rows.lowerBound)–\(unit.rows.upperBound - 1)"
            progress(event(block, step: step, done: true, total))
        }
    }

    func event(_ block: Block, step: String, done: Bool, _ total: Double) -> MatchProgress {
        MatchProgress(
            layer: block.plan.layer, layerNumber: block.index + 1, layerCount: units.count, step: step,
            layerDone: done, flopsDone: flopsDone, flopsTotal: total, elapsed: TopKProduct.now() - start)
    }

    /// The unit's residual rows: the held R_L when the previous unit made it, else loaded (warning of zero rows).
    func block(_ unit: ShardSpec.Unit, index: Int, plan: LayerPlan, warnings: inout [String]) throws -> Block {
        let whole = unit.rows == 0..<plan.residual.dSAE
        var matrix: Matrix
        var sketch: SignSketch? = nil
        if whole, let held, held.layer == plan.layer {
            matrix = held.matrix
            sketch = held.sketch
        } else {
            let (loaded, zero) = try matcher.load(plan.residual, rows: unit.rows, projection: nil)
            matrix = loaded
            if !zero.isEmpty { warnings.append(matcher.zeroRowsWarning(plan.residual, zero.count)) }
        }
        held = nil
        let sketcher = matcher.sketcher(width: matrix.columns, cache: &sketchers)
        if let sketcher, sketch == nil { sketch = sketcher.sketch(matrix) }
        return Block(
            unit: unit, index: index, plan: plan, whole: whole, matrix: matrix, sketch: sketch, sketcher: sketcher)
    }

    /// One comparison of the block: carried columns, the shared product, a whole candidate decoder, or chunks.
    func compare(_ target: LayerPlan.Target, block: Block) throws -> Compared {
        let candidateLayer = target.sae.layer
        let columnsForm =
            target.direction == .backward && target.hookSite == .res && computed.contains(candidateLayer)
        if columnsForm, block.whole, let carry = carried, carry.layer == block.plan.layer {
            carried = nil
            return Compared(topK: carry.topK, zeroRows: 0, audit: carry.audit)
        }
        if target.direction == .forward, block.whole, units.indices.contains(block.index + 1),
            units[block.index + 1] == ShardSpec.Unit(layer: candidateLayer, rows: 0..<target.sae.dSAE),
            computed.contains(candidateLayer)
        {
            return try shared(target, block: block)
        }
        let project = try projection(for: target, residual: block.plan.residual)
        if columnsForm || block.sketcher != nil {
            return try pooled(target, block: block, projection: project, columnsForm: columnsForm)
        }
        var topK = TopKAccumulator(rows: block.matrix.rows, k: options.topK)
        let zero = try matcher.streamChunks(
            of: target.sae, against: block.matrix, projection: project, kernel: kernel, into: &topK)
        return Compared(topK: topK, zeroRows: zero, audit: nil)
    }

    /// The W_O projection of a hook_z target (made once per layer), checked against the residual; nil otherwise.
    func projection(for target: LayerPlan.Target, residual: SAE) throws -> AttentionProjection? {
        guard target.projected, let projection = matcher.projection else { return nil }
        let layer = target.sae.layer
        if projections[layer] == nil { projections[layer] = try projection(target.sae) }
        try matcher.checkProjection(projections[layer]!, target.sae, residual: residual)
        return projections[layer]
    }
}
