import FlowCore

/// A build that cannot go on for a reason of the pipeline itself (not of its inputs' contents).
public typealias PipelineError = LocatedFailure<PipelineReason>

/// Why the pipeline itself stopped.
public enum PipelineReason: FailureReason {
    /// A step ran before the step that makes what it needs (a step list in the wrong order).
    case missingProduct(String)
    /// The lock file beside the site could not be opened or locked (`detail`: the system's message).
    case lock(detail: String)

    /// What is wrong, in one sentence, without the path.
    public var message: String {
        switch self {
        case .missingProduct(let what): return "no \(what): a step that needs it runs before the step that makes it"
        case .lock(let detail): return "could not lock the site folder against other builds: \(detail)"
        }
    }
}
