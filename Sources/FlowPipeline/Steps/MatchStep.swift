import FlowCore

/// `match`: matches the loaded SAEs into the flow database (the whole run, or one shard of it), reusing the
/// layers whose inputs and parameters did not change.
public struct MatchStep: PipelineStep {
    /// A match step.
    public init() {}

    public var name: String { "match" }

    public func run(_ context: PipelineContext) throws {
        let request = try context.require(context.request.matching, "matching request")
        let catalog = try context.require(context.catalog, "SAE catalog")
        let database = try context.openDatabase()
        let modelDirectory = request.modelDirectory ?? catalog.modelDirectory
        var matcher = FeatureMatcher(options: request.options)
        var identity: String? = nil
        if let modelDirectory, catalog.saes.contains(where: \.needsProjection) {
            let projection = try ModelProjection(directory: modelDirectory, database: database)
            identity = projection.identity
            matcher.projection = projection.attention
        }
        // Said only when true: with a model folder the hook_z SAEs are projected, not skipped.
        let inputWarnings = catalog.warnings + (modelDirectory == nil ? [catalog.hookZWarning].compactMap { $0 } : [])
        let matchRequest = MatchPipeline.Request(
            input: request.input, layers: request.layers, force: request.force, modelDirectory: modelDirectory,
            projectionIdentity: identity)
        let pipeline = MatchPipeline(matcher: matcher, database: database)
        let report = MatchProgressReport(printer: context.printer, shard: request.shard)
        let summary: MatchPipeline.Summary
        if let shard = request.shard {
            summary = try pipeline.runShard(
                saes: catalog.saes, request: matchRequest, shard: shard, inputWarnings: inputWarnings,
                progress: report.show)
        } else {
            summary = try pipeline.run(
                saes: catalog.saes, request: matchRequest, inputWarnings: inputWarnings, progress: report.show)
        }
        context.printer.endProgress()
        for warning in summary.warnings where !catalog.warnings.contains(warning) { context.printer.warning(warning) }
        context.printer.line(
            "  matched \(summary.computed.count) layer(s), reused \(summary.reused.count) · \(context.request.database)"
        )
        context.matchSummary = summary
    }
}
