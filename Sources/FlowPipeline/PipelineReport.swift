import FlowCore

/// What a build did.
public struct PipelineReport {
    /// Each step's wall-clock time, in run order.
    public var timings: [StepTiming]
    /// What matching did (nil when the request did not match).
    public var matchSummary: MatchPipeline.Summary?
    /// The site's absolute folder (nil when the request wrote no site).
    public var siteFolder: String?
}
