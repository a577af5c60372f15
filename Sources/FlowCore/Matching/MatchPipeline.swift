import CanonicalOutput
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
        let (plans, inputs) = try prepare(saes: saes, request: request)
        // Reuse.
        let parameters = matcher.options.resultParametersJSON
        let states = Dictionary(uniqueKeysWithValues: try database.layerStates().map { ($0.layer, $0) })
        let toCompute = plans.map(\.layer).filter { layer in
            guard !request.force, let state = states[layer] else { return true }
            return state.inputs != inputs[layer] || state.parameters != parameters
        }
        let reused = plans.map(\.layer).filter { !toCompute.contains($0) }

        var tally = Tally(warnings: inputWarnings + plans.flatMap(\.skipped))
        var layerTimings: [Int: JSONValue] = [:]
        for layer in reused { layerTimings[layer] = ["mode": "reused"] }
        try matcher.run(plans: plans, layers: Set(toCompute), progress: progress) { result in
            let plan = plans.first { $0.layer == result.layer }!
            let state = LayerState(
                layer: result.layer, inputs: inputs[result.layer]!, parameters: parameters,
                mode: matcher.options.mode + (plan.skipped.isEmpty ? "" : " partial"), seconds: result.seconds)
            try database.writeLayer(result, state: state)
            tally.add(result, skipped: plan.skipped)
            layerTimings[result.layer] = [
                "mode": "computed", "seconds": .number(Self.rounded(result.seconds)),
                "gflops": .number(Self.rounded(result.seconds > 0 ? result.flops / result.seconds / 1e9 : 0)),
            ]
        }
        let seconds = Date().timeIntervalSince(start)
        var fields = parameterFields(request)
        fields["force"] = .bool(request.force)
        let (runID, warnings) = try record(
            parameters: fields, tally: tally,
            timings: [
                "total_seconds": .number(Self.rounded(seconds)), "layers": StoredJSON.layers(layerTimings),
                "computed": .int(toCompute.count), "reused": .int(reused.count),
            ])
        return Summary(
            runID: runID, computed: toCompute, reused: reused, warnings: warnings, seconds: seconds,
            flops: tally.flops, audit: tally.audit)
    }

    /// The layers to match (those of `request.layers`) and each one's input checksums; `beforeWriting` runs
    /// between checksumming and writing the `sae` rows.
    func prepare(saes: [SAE], request: Request, beforeWriting: () throws -> Void = {}) throws -> (
        [LayerPlan], [Int: String]
    ) {
        let plans = try matcher.plan(saes: saes).filter { request.layers?.contains($0.layer) ?? true }
        let (inputs, records) = try checksummedInputs(plans: plans, request: request)
        try beforeWriting()
        try database.writeSAEs(records)
        return (plans, inputs)
    }

    /// The run's parameters both a full run and a shard record.
    func parameterFields(_ request: Request) -> [String: JSONValue] {
        let options = matcher.options
        var fields: [String: JSONValue] = [
            "input": .string(request.input), "top_k": .int(options.topK), "mode": .string(options.mode),
            "tile_rows": .int(options.tileRows), "tile_columns": .int(options.tileColumns),
            "layers": .string(request.layers.map { "\($0.lowerBound)-\($0.upperBound)" } ?? "all"),
        ]
        fields["model"] = request.modelDirectory.map(JSONValue.string) ?? .null
        return fields
    }

    /// Writes the `run` row (a failed audit adds its warning; warnings once each, first seen first); returns its
    /// id and the warnings.
    func record(parameters: [String: JSONValue], tally: Tally, timings: [String: JSONValue]) throws -> (Int, [String]) {
        var warnings = tally.warnings
        if let failed = tally.audit?.warning { warnings.append(failed) }
        var unique: [String] = []
        for warning in warnings where !unique.contains(warning) { unique.append(warning) }
        let runID = try database.writeRun(
            parameters: StoredJSON.object(parameters), timings: StoredJSON.object(timings), warnings: unique,
            audit: tally.audit)
        return (runID, unique)
    }

    /// The canonical JSON of each layer's input checksums (cached by path, size, mtime), and the `sae`
    /// rows of every SAE involved.
    func checksummedInputs(plans: [LayerPlan], request: Request) throws -> ([Int: String], [SAERecord]) {
        var checksums: [Position: String] = [:]
        var records: [Position: SAERecord] = [:]
        func key(_ sae: SAE) -> Position { Position(layer: sae.layer, hookSite: sae.hookSite) }
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
                    target.hookSite == .res
                    ? (target.direction == .backward ? "res-1" : "res+1") : target.hookSite.rawValue
                var value = try checksum(target.sae, projected: target.projected)
                if target.projected { value += " projected:" + (request.projectionIdentity ?? "unknown") }
                fields[name] = value
            }
            if !plan.skipped.isEmpty && plan.target(hookSite: .att, direction: .backward) == nil {
                fields["att"] = "skipped"
            }
            inputs[plan.layer] = StoredJSON.inputs(fields)
        }
        return (inputs, records.keys.sorted { $0.description < $1.description }.map { records[$0]! })
    }

    static func rounded(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }
}
