import Foundation

extension MatchPipeline {
    /// Computes slice `shard` of the run `request` describes into this pipeline's database (which must
    /// not hold a complete run): its `sae` rows, the matches of its row blocks and a `ShardManifest`.
    /// Always recomputes the slice. `featureflow merge` combines the shards.
    public func runShard(
        saes: [SAE], request: Request, shard: ShardSpec, inputWarnings: [String] = [],
        progress: (MatchProgress) -> Void = { _ in }
    ) throws -> Summary {
        let start = Date()
        if !(try database.layers()).isEmpty {
            throw StoreError(
                path: database.path,
                reason: .corrupt("holds a complete matching run; give each shard its own fresh --db"))
        }
        let plans = try matcher.plan(saes: saes).filter { request.layers?.contains($0.layer) ?? true }
        let (inputs, records) = try checksummedInputs(plans: plans, request: request)
        try database.clearShard()
        try database.writeSAEs(records)
        let options = matcher.options
        let blockRows = ShardSpec.blockRows(options)
        let units = shard.slice(of: ShardSpec.units(plans: plans, blockRows: blockRows))
        var warnings = inputWarnings
        for plan in plans { warnings += plan.skipped }
        var seconds: [String: Double] = [:]
        var flops = 0.0
        var audit: MatchAudit? = nil
        try matcher.runSlice(
            plans: plans, computed: Set(plans.map(\.layer)), units: units, progress: progress
        ) { result, unit in
            try database.writeMatches(result, rowOffset: unit.rows.lowerBound)
            if let part = result.audit { audit = audit.map { $0.adding(part) } ?? part }
            seconds[String(result.layer), default: 0] += result.seconds
            flops += result.flops
            warnings += result.warnings.filter { !warnings.contains($0) }
        }
        let manifest = ShardManifest(
            shard: shard, blockRows: blockRows, parameters: options.resultParametersJSON,
            tiles: [options.tileRows, options.tileColumns],
            layers: plans.map {
                .init(
                    layer: $0.layer, features: $0.residual.dSAE, inputs: inputs[$0.layer]!,
                    mode: options.mode + ($0.skipped.isEmpty ? "" : " partial"))
            },
            units: units, seconds: seconds.mapValues(Self.rounded), toolVersion: FlowCore.version)
        try database.writeShardManifest(manifest)
        let total = Date().timeIntervalSince(start)
        var parameterFields: [String: Any] = [
            "input": request.input, "top_k": options.topK, "mode": options.mode, "shard": shard.description,
            "tile_rows": options.tileRows, "tile_columns": options.tileColumns,
            "layers": request.layers.map { "\($0.lowerBound)-\($0.upperBound)" } ?? "all",
        ]
        parameterFields["model"] = request.modelDirectory ?? NSNull()
        if let failed = audit?.warning { warnings.append(failed) }
        var unique: [String] = []
        for warning in warnings where !unique.contains(warning) { unique.append(warning) }
        let runID = try database.writeRun(
            parameters: FlowDatabase.json(parameterFields),
            timings: FlowDatabase.json(["total_seconds": Self.rounded(total), "units": units.count]),
            warnings: unique, audit: audit)
        return Summary(
            runID: runID, computed: Array(Set(units.map(\.layer))).sorted(), reused: [], warnings: unique,
            seconds: total, flops: flops, audit: audit)
    }
}
