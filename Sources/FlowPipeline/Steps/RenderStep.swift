import FlowCore
import FlowReport
import Foundation

/// `render`: writes every page, chart and data file of the site into the staging folder.
public struct RenderStep: PipelineStep {
    /// A render step.
    public init() {}

    public var name: String { "render" }

    public func run(_ context: PipelineContext) throws {
        let site = try context.require(context.request.site, "site request")
        let staging = try context.require(context.staging, "staging folder")
        let analysis = try context.require(context.analysis, "analysis")
        let labels = try context.require(context.labels, "label set")
        let database = try context.openDatabase()
        let builder = SiteBuilder(options: site.options)
        let report = try builder.context(database: database, analysis: analysis, labels: labels)
        let summary = try builder.build(context: report, database: database, into: staging, printer: context.printer)
        context.printer.endProgress()
        let rate = summary.featureSeconds > 0 ? Double(summary.featurePages) / summary.featureSeconds : 0
        context.printer.line(
            "  \(summary.residualPages) of \(summary.residualTotal) residual feature pages, "
                + "\(summary.modulePages) module pages, \(summary.otherPages) other pages "
                + String(format: "(%.0f feature pages/s)", rate))
    }
}
