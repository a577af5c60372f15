import CanonicalOutput
import Foundation

/// Everything the report reads, computed once from the score table: classes, the inverse map,
/// lifespans and a graph builder.
public struct FlowAnalysis: Sendable {
    public let table: ScoreTable
    public let mode: ThresholdMode
    public let classification: Classification
    public let descendants: DescendantIndex
    public let lifespans: Lifespans
    public let graphs: FlowGraphBuilder

    /// Analyses `table`. `persistence` is the s(R) threshold for lifespans (default: the classes' t_R of each layer,
    /// so under a quantile mode lifespans and classes draw the same line).
    public init(
        table: ScoreTable, mode: ThresholdMode = .fixed(.default), persistence: Float? = nil,
        graphParameters: FlowGraphParameters = .init()
    ) {
        self.table = table
        self.mode = mode
        classification = Classification(table: table, mode: mode)
        descendants = DescendantIndex(table: table)
        let defaultPersistence: Float
        if case .fixed(let t) = mode { defaultPersistence = t.res } else { defaultPersistence = 0.25 }
        var layerThresholds: [Int: Float] = [:]
        if persistence == nil, case .quantile = mode { layerThresholds = classification.thresholds.mapValues(\.res) }
        lifespans = Lifespans(
            table: table, descendants: descendants, threshold: persistence ?? defaultPersistence,
            layerThresholds: layerThresholds)
        graphs = FlowGraphBuilder(
            table: table, classification: classification, descendants: descendants, parameters: graphParameters)
    }

    /// The parameters as canonical JSON (sorted keys), stored beside the results.
    public var parametersJSON: String {
        struct Parameters: Encodable {
            var mode: String
            var persistence: Float
            var thresholds: [String: ClassThresholds]
            var graph: FlowGraphParameters
        }
        let thresholds = Dictionary(
            uniqueKeysWithValues: classification.thresholds.map { (String($0.key), $0.value) })
        let value = Parameters(
            mode: mode.summary, persistence: lifespans.threshold, thresholds: thresholds, graph: graphs.parameters)
        return CanonicalJSON.string(value)
    }
}
