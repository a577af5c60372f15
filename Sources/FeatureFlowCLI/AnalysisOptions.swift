import ArgumentParser
import FlowCore

/// Options shared by every command that analyses a flow database: thresholds and graph parameters.
struct AnalysisOptions: ParsableArguments {
    @Option(name: .customLong("t-res"), help: "Class threshold t_R on s(R).")
    var tRes: Float = ClassThresholds.default.res

    @Option(name: .customLong("t-mlp"), help: "Class threshold t_M on s(M).")
    var tMLP: Float = ClassThresholds.default.mlp

    @Option(name: .customLong("t-att"), help: "Class threshold t_A on s(A).")
    var tAtt: Float = ClassThresholds.default.att

    @Option(help: "Per-layer thresholds: this quantile (0–1) of each layer's own score distribution (overrides --t-*).")
    var thresholdQuantile: Float?

    @Option(help: "s(R) threshold for lifespans (default: t_R).")
    var persistence: Float?

    @Option(help: "Show MLP/attention leaves at or above this cosine.")
    var leafThreshold: Float = FlowGraphParameters().leafThreshold

    @Option(help: "t(R): residual links below this cosine are weak (dashed) and end the steering span.")
    var steeringLink: Float = FlowGraphParameters().strongLink

    @Option(help: "MLP/attention leaves at or above this cosine are steered with their spine node.")
    var steeringLeaf: Float = FlowGraphParameters().steeringLeafThreshold

    @Option(help: "Most descendant nodes per flow graph.")
    var maxDescendants: Int = FlowGraphParameters().maxDescendants

    func validate() throws {
        for (name, value) in [
            ("--t-res", tRes), ("--t-mlp", tMLP), ("--t-att", tAtt), ("--leaf-threshold", leafThreshold),
            ("--steering-link", steeringLink), ("--steering-leaf", steeringLeaf),
        ]
        where !(value >= -1 && value <= 1) {
            throw ValidationError("\(name) must be a cosine between -1 and 1.")
        }
        if let q = thresholdQuantile, !(q >= 0 && q <= 1) {
            throw ValidationError("--threshold-quantile must be between 0 and 1.")
        }
        if maxDescendants < 0 { throw ValidationError("--max-descendants must be ≥ 0.") }
    }

    var mode: ThresholdMode {
        if let q = thresholdQuantile { return .quantile(q) }
        return .fixed(ClassThresholds(res: tRes, mlp: tMLP, att: tAtt))
    }

    var graphParameters: FlowGraphParameters {
        var parameters = FlowGraphParameters()
        parameters.leafThreshold = leafThreshold
        parameters.maxDescendants = maxDescendants
        parameters.strongLink = steeringLink
        parameters.steeringLeafThreshold = steeringLeaf
        return parameters
    }

    /// Opens the flow database at `path` (read-only) and analyses its score table.
    func analyse(database path: String) throws -> (FlowDatabase, FlowAnalysis) {
        let database = try FlowDatabase(path: path, readOnly: true)
        let analysis = FlowAnalysis(
            table: try database.scoreTable(), mode: mode, persistence: persistence, graphParameters: graphParameters)
        return (database, analysis)
    }
}

extension FeatureID: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
}
