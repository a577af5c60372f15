import LinearAlgebra

extension FeatureMatcher {
    /// The sign sketch of approximate matching for rows of `width` dimensions (nil when exact).
    func sketcher(width: Int, cache: inout [Int: SketchProjection]) -> SketchProjection? {
        guard let approximate = options.approximate else { return nil }
        if let known = cache[width] { return known }
        let made = SketchProjection(inputDimension: width, bits: approximate.bits, seed: approximate.seed)
        cache[width] = made
        return made
    }

    /// Candidates per row kept from the sketch pass (never fewer than the first round).
    var maxCandidateCount: Int { max(options.approximate?.maxCandidates ?? 0, candidateCount) }

    /// The share of rows the audit samples: `auditShare`, raised so that at least `auditMinimum` of the
    /// run's `rows` (every comparison of every layer computed) are expected to be sampled.
    func auditShare(rows: Int) -> Double {
        guard let approximate = options.approximate, approximate.auditShare > 0, rows > 0 else { return 0 }
        return min(1, max(approximate.auditShare, Double(approximate.auditMinimum) / Double(rows)))
    }

    /// Whether row `row` of comparison `comparison` (0 res backward, 1 mlp, 2 att, 3 res forward) of layer
    /// `layer` is in the audit's seeded sample (a hash of the four, so single and sharded runs agree).
    static func audited(layer: Int, comparison: Int, row: Int, seed: UInt64, share: Double) -> Bool {
        guard share > 0 else { return false }
        var random = SplitMix64(
            seed: seed ^ UInt64(truncatingIfNeeded: layer) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(comparison) << 56
                ^ UInt64(truncatingIfNeeded: row) &* 0xD1B5_4A32_D192_ED03)
        return Double(random.next() >> 11) / Double(1 << 53) < share
    }

    /// The comparison code used by the audit's sample.
    static func auditCode(hookSite: HookSite, direction: MatchDirection) -> Int {
        switch (hookSite, direction) {
        case (.res, .backward): 0
        case (.mlp, _): 1
        case (.att, _): 2
        default: 3
        }
    }

    /// The exact top-k of each row of `candidates` (top sketch candidates among `pool`'s rows for the rows
    /// of `owners`), found adaptively (`ApproximateMatching`); then the audit of its sampled rows: rows of
    /// `owners` are rows `rowOffset…` of comparison `code` of `layer`, whose audit samples `share` of them.
    func resolve(
        _ candidates: TopKAccumulator, owners: Matrix, pool: Matrix, sketch: SketchProjection, layer: Int,
        code: Int, rowOffset: Int, share: Double, flops: inout Double
    ) -> (TopKAccumulator, MatchAudit) {
        let approximate = options.approximate!
        let k = options.topK
        let slots = candidates.k
        let first = min(candidateCount, slots)
        let rows = candidates.rows
        let width = Double(owners.columns)
        // The lowest sketch score a pair at cosine max(best, floor) plausibly has.
        func bar(_ best: Float) -> Float {
            let cosine = max(Double(best), approximate.floor)
            return Float(
                sketch.expectedScore(cosine: cosine) - approximate.confidence * sketch.scoreDeviation(cosine: cosine))
        }
        var result = candidates.prefix(first).rescored(owners: owners, pool: pool, k: k)
        flops += 2 * width * Double(rows * first)
        var deeper: [Int] = []
        var unresolved: [Int] = []
        let full = pool.rows > slots
        for r in 0..<rows {
            let best = result.values[r * k]
            if first < slots {
                // The best unscored pair has the sketch score of slot `first` (pairs outside the list, ≤ it).
                let next = candidates.indices[r * slots + first]
                if next != TopKAccumulator.emptyIndex && candidates.values[r * slots + first] >= bar(best) {
                    deeper.append(r)
                }
            } else if full && candidates.values[r * slots + slots - 1] >= bar(best) {
                unresolved.append(r)
            }
        }
        if !deeper.isEmpty {
            let more = candidates.slots(first..<slots, ofRows: deeper).rescored(owners: owners, pool: pool, k: k)
            flops += 2 * width * Double(deeper.count * (slots - first))
            for r in deeper {
                for (index, value) in more.best(row: r) { result.offer(row: r, index: index, value: value) }
                if full && candidates.values[r * slots + slots - 1] >= bar(result.values[r * k]) {
                    unresolved.append(r)
                }
            }
        }
        if !unresolved.isEmpty {
            let exact = exactTopK(rows: unresolved, of: owners, pool: pool, k: k, flops: &flops)
            for (i, r) in unresolved.enumerated() { result.setRow(r, from: exact, row: i) }
        }
        var audit = MatchAudit(
            layers: [layer], rows: rows, deeperRows: deeper.count, exactRows: unresolved.count,
            share: approximate.auditShare, bound: approximate.auditBound)
        let sample = (0..<rows).filter {
            Self.audited(layer: layer, comparison: code, row: rowOffset + $0, seed: approximate.seed, share: share)
        }
        self.audit(&audit, result, rows: sample, owners: owners, pool: pool, flops: &flops)
        return (result, audit)
    }

    /// Adds to `audit` the comparison of the approximate best match of each of `rows` in `result` with the exact one.
    func audit(
        _ audit: inout MatchAudit, _ result: TopKAccumulator, rows: [Int], owners: Matrix, pool: Matrix,
        flops: inout Double
    ) {
        guard !rows.isEmpty else { return }
        let exact = exactTopK(rows: rows, of: owners, pool: pool, k: 1, flops: &flops)
        for (i, r) in rows.enumerated() where exact.indices[i] != TopKAccumulator.emptyIndex {
            audit.bands.add(exactCosine: exact.values[i], same: result.indices[r * options.topK] == exact.indices[i])
        }
        audit.sampled = rows.count
    }

    /// The exact top-k among `pool`'s rows of rows `rows` of `owners`: candidates from a tiled sgemm
    /// (k + 4 per row), scored with `cblas_sdot` like every rescored candidate, so a row's result does not
    /// depend on which other rows were gathered with it.
    func exactTopK(rows: [Int], of owners: Matrix, pool: Matrix, k: Int, flops: inout Double) -> TopKAccumulator {
        let width = owners.columns
        var gathered = Matrix(rows: rows.count, columns: width)
        gathered.values.withUnsafeMutableBufferPointer { g in
            owners.values.withUnsafeBufferPointer { o in
                for (i, r) in rows.enumerated() {
                    for c in 0..<width { g[i * width + c] = o[r * width + c] }
                }
            }
        }
        let kernel = TopKProduct(tileRows: options.tileRows, tileColumns: options.tileColumns)
        var found = TopKAccumulator(rows: rows.count, k: min(k + 4, pool.rows))
        var none: TopKAccumulator? = nil
        kernel.accumulate(a: gathered, b: pool, rowTopK: &found, columnTopK: &none)
        flops += kernel.flops + 2 * Double(width) * Double(rows.count * found.k)
        return found.rescored(owners: gathered, pool: pool, k: k)
    }
}
