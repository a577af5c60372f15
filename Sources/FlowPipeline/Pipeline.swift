import FlowCore
import FlowExport
import FlowReport
import SiteKit

/// Runs a `BuildRequest`: the one entry point `build`, `render` and `match` (and tests) use.
public enum Pipeline {
    /// Checks the site folder (before any work, so a refused run changes nothing), locks it against other
    /// builds into it (waiting for them, with a line on `printer`), and runs `stages` (default: the request's
    /// own step list).
    public static func run(
        _ request: BuildRequest, stages: [PipelineStage]? = nil, printer: ProgressPrinter
    ) throws -> PipelineReport {
        var lock: OutputLock? = nil
        if let site = request.site {
            let target = try SiteWriter(target: site.out).resolvedTarget(keepingOutside: request.database)
            lock = try OutputLock(path: SiteRequest.lockPath(target: target), waiting: { printer.line($0) })
        }
        defer { lock?.release() }
        let context = PipelineContext(request: request, printer: printer)
        let timings = try PipelineRunner(stages ?? request.stages).run(context)
        return PipelineReport(timings: timings, matchSummary: context.matchSummary, siteFolder: context.siteFolder)
    }
}
