import FlowCore

/// `analyse`: classifies every feature, finds lifespans and flow graphs, and writes the analysis into the flow
/// database.
public struct AnalyseStep: PipelineStep {
    /// An analyse step.
    public init() {}

    public var name: String { "analyse" }

    public func run(_ context: PipelineContext) throws {
        let site = try context.require(context.request.site, "site request")
        let database = try context.openDatabase()
        if context.matchSummary == nil {
            // Not matched in this run: the stored warnings the report shows reach the terminal too, even when quiet.
            for warning in try database.currentWarnings() { context.printer.warning(warning) }
        }
        let analysis = FlowAnalysis(
            table: try database.scoreTable(), mode: site.mode, persistence: site.persistence,
            graphParameters: site.graphParameters)
        try database.writeAnalysis(analysis)
        context.analysis = analysis
    }
}
