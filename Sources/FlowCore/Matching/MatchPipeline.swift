import Foundation

/// The `match` stage end to end: plan the layers, checksum their inputs, reuse the layers whose
/// inputs and parameters are unchanged, match the others and write everything to the flow database.
public struct MatchPipeline {
    /// What to match and how.
    public struct Request {
        /// The SAE folder or manifest, recorded in the run's parameters.
        public var input: String
        /// Only match residual layers in this range (all when nil).
        public var layers: ClosedRange<Int>?
        /// Recompute layers even when their stored matches are current.
        public var force: Bool
        /// Model folder used for hook_z projections, recorded in the run's parameters.
        public var modelDirectory: String?
        /// Identity (e.g. checksums) of the projection weights; part of the inputs of projected layers.
        public var projectionIdentity: String?

        /// A request.
        public init(
            input: String, layers: ClosedRange<Int>? = nil, force: Bool = false, modelDirectory: String? = nil,
            projectionIdentity: String? = nil
        ) {
            self.input = input
            self.layers = layers
            self.force = force
            self.modelDirectory = modelDirectory
            self.projectionIdentity = projectionIdentity
        }
    }

    /// What a run did.
    public struct Summary: Sendable {
        /// The `run` row id.
        public var runID: Int
        /// Layers matched in this run.
        public var computed: [Int]
        /// Layers whose stored matches were kept.
        public var reused: [Int]
        /// Every warning of the run (input warnings, skipped positions, zero rows).
        public var warnings: [String]
        /// Wall-clock seconds of the whole run.
        public var seconds: Double
        /// Floating-point operations of the products.
        public var flops: Double
        /// The self-audit of the layers matched approximately in this run (nil when none were).
        public var audit: MatchAudit?
    }

    /// The matcher (options and projection).
    public var matcher: FeatureMatcher
    /// The database written.
    public var database: FlowDatabase

    /// A pipeline writing into `database`.
    public init(matcher: FeatureMatcher, database: FlowDatabase) {
        self.matcher = matcher
        self.database = database
    }

    /// Runs the stage over `saes`; `inputWarnings` (e.g. from discovery) are recorded with the run.
    public func run(
        saes: [SAE], request: Request, inputWarnings: [String] = [], progress: (MatchProgress) -> Void = { _ in }
    ) throws -> Summary {
        let start = Date()
        let plans = try matcher.plan(saes: saes).filter { request.layers?.contains($0.layer) ?? true }

        let (inputs, records) = try checksummedInputs(plans: plans, request: request)
        try database.writeSAEs(records)

        // Reuse.
        let parameters = matcher.options.resultParametersJSON
        let states = Dictionary(uniqueKeysWithValues: try database.layerStates().map { ($0.layer, $0) })
        let toCompute = plans.map(\.layer).filter { layer in
            guard !request.force, let state = states[layer] else { return true }
            return state.inputs != inputs[layer] || state.parameters != parameters
        }
        let reused = plans.map(\.layer).filter { !toCompute.contains($0) }

        var warnings = inputWarnings
        for plan in plans { warnings += plan.skipped }
        var layerTimings: [String: Any] = [:]
        for layer in reused { layerTimings[String(layer)] = ["mode": "reused"] }
        var flops = 0.0
        var audit: MatchAudit? = nil
        try matcher.run(plans: plans, layers: Set(toCompute), progress: progress) { result in
            if let part = result.audit { audit = audit.map { $0.adding(part) } ?? part }
            let plan = plans.first { $0.layer == result.layer }!
            let state = LayerState(
                layer: result.layer, inputs: inputs[result.layer]!, parameters: parameters,
                mode: matcher.options.mode + (plan.skipped.isEmpty ? "" : " partial"), seconds: result.seconds)
            try database.writeLayer(result, state: state)
            warnings += result.warnings.filter { !plan.skipped.contains($0) }
            flops += result.flops
            layerTimings[String(result.layer)] = [
                "mode": "computed", "seconds": Self.rounded(result.seconds),
                "gflops": Self.rounded(result.seconds > 0 ? result.flops / result.seconds / 1e9 : 0),
            ]
        }
        let seconds = Date().timeIntervalSince(start)
        var parameterFields: [String: Any] = [
            "input": request.input, "top_k": matcher.options.topK, "force": request.force,
            "mode": matcher.options.mode,
            "tile_rows": matcher.options.tileRows, "tile_columns": matcher.options.tileColumns,
            "layers": request.layers.map { "\($0.lowerBound)-\($0.upperBound)" } ?? "all",
        ]
        parameterFields["model"] = request.modelDirectory ?? NSNull()
        if let failed = audit?.warning { warnings.append(failed) }
        var unique: [String] = []
        for warning in warnings where !unique.contains(warning) { unique.append(warning) }
        let runID = try database.writeRun(
            parameters: FlowDatabase.json(parameterFields),
            timings: FlowDatabase.json([
                "total_seconds": Self.rounded(seconds), "layers": layerTimings, "computed": toCompute.count,
                "reused": reused.count,
            ]),
            warnings: unique, audit: audit)
        return Summary(
            runID: runID, computed: toCompute, reused: reused, warnings: unique, seconds: seconds, flops: flops,
            audit: audit)
    }

    /// The canonical JSON of each layer's input checksums (cached by path, size, mtime), and the `sae`
    /// rows of every SAE involved.
    func checksummedInputs(plans: [LayerPlan], request: Request) throws -> ([Int: String], [SAERecord]) {
        var checksums: [String: String] = [:]
        var records: [String: SAERecord] = [:]
        func key(_ sae: SAE) -> String { "\(sae.layer)/\(sae.site.rawValue)" }
        func checksum(_ sae: SAE, projected: Bool) throws -> String {
            if let known = checksums[key(sae)] { return known }
            let sha = try database.checksum(of: sae)
            checksums[key(sae)] = sha
            records[key(sae)] = try database.saeRecord(sae, sha256: sha, projected: projected)
            return sha
        }
        var inputs: [Int: String] = [:]
        for plan in plans {
            var fields: [String: String] = ["res": try checksum(plan.residual, projected: false)]
            for target in plan.targets {
                let name =
                    target.site == .res ? (target.direction == .backward ? "res-1" : "res+1") : target.site.rawValue
                var value = try checksum(target.sae, projected: target.projected)
                if target.projected { value += " projected:" + (request.projectionIdentity ?? "unknown") }
                fields[name] = value
            }
            if !plan.skipped.isEmpty && plan.target(site: .att, direction: .backward) == nil {
                fields["att"] = "skipped"
            }
            inputs[plan.layer] = FlowDatabase.json(fields)
        }
        return (inputs, records.keys.sorted().map { records[$0]! })
    }

    static func rounded(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }
}
