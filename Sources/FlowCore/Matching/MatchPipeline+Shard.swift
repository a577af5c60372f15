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
        let (plans, inputs) = try prepare(saes: saes, request: request) { try database.clearShard() }
        let options = matcher.options
        let blockRows = ShardSpec.blockRows(options)
        let units = shard.slice(of: ShardSpec.units(plans: plans, blockRows: blockRows))
        var tally = Tally(warnings: inputWarnings + plans.flatMap(\.skipped))
        var seconds: [String: Double] = [:]
        try matcher.runSlice(
            plans: plans, computed: Set(plans.map(\.layer)), units: units, progress: progress
        ) { result, unit in
            try database.writeMatches(result, rowOffset: unit.rows.lowerBound)
            seconds[String(result.layer), default: 0] += result.seconds
            tally.add(result, skipped: [])
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
        var fields = parameterFields(request)
        fields["shard"] = .string(shard.description)
        let (runID, warnings) = try record(
            parameters: fields, tally: tally,
            timings: ["total_seconds": .number(Self.rounded(total)), "units": .int(units.count)])
        return Summary(
            runID: runID, computed: Array(Set(units.map(\.layer))).sorted(), reused: [], warnings: warnings,
            seconds: total, flops: tally.flops, audit: tally.audit)
    }
}
