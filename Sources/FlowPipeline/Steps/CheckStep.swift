import FlowCore
import FlowReport
import SiteKit

/// `check`: checks every link, asset and page of the staged site; any problem stops the build before the swap.
public struct CheckStep: PipelineStep {
    /// A check step.
    public init() {}

    public var name: String { "check" }

    public func run(_ context: PipelineContext) throws {
        let staging = try context.require(context.staging, "staging folder")
        let report = try SiteChecker(root: staging.root).check()
        if !report.isClean { throw ProblemList(report.problems) }
        context.printer.line("  \(report.pagesChecked) pages, \(report.filesChecked) files: no problems")
    }
}
