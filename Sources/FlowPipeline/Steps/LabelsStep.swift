import FlowCore

/// `labels`: reads the label files (none is fine).
public struct LabelsStep: PipelineStep {
    /// A labels step.
    public init() {}

    public var name: String { "labels" }

    public func run(_ context: PipelineContext) throws {
        let site = try context.require(context.request.site, "site request")
        let labels = try LabelSet.load(paths: site.labels)
        context.printer.line("  \(labels.count) labelled features from \(site.labels.count) file(s)")
        context.labels = labels
    }
}
