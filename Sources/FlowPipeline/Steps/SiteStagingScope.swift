import FlowReport
import SiteKit

/// The site's staging folder around the steps that write and check it: the site is built beside `--out` and
/// swapped in only when every enclosed step passed; when one fails, the previous site stays untouched.
public struct SiteStagingScope: PipelineScope {
    /// A staging scope.
    public init() {}

    public func enclose(_ context: PipelineContext, _ body: () throws -> Void) throws {
        let site = try context.require(context.request.site, "site request")
        let writer = SiteWriter(target: site.out)
        // Checked again: the folder may have changed since the run began.
        _ = try writer.resolvedTarget(keepingOutside: context.request.database)
        context.siteFolder = try writer.write { staging in
            context.staging = staging
            defer { context.staging = nil }
            try body()
        }
    }
}
