import FlowCore
import FlowEvidence

/// `evidence`: runs the request's text through the model (or reads its activation dump), encodes it with
/// every SAE of the flow database and stores the evidence tables (docs/evidence.md). A complete earlier
/// run with the same model, SAEs, text and settings is reused. Runs after `analyse`/`labels` and before
/// the site scope, so `render` shows the run it stored. Its product is the `EvidenceSummary`.
public struct EvidenceStep: PipelineStep {
    /// An evidence step.
    public init() {}

    public var name: String { "evidence" }

    public func run(_ context: PipelineContext) throws {
        let request = try context.require(context.request.evidence, "evidence request")
        let database = try context.openDatabase()
        let summary = try EvidenceProgressReport.run(database: database, request: request, printer: context.printer)
        context.store(summary)
    }
}
