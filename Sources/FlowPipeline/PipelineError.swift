import FlowCore

/// A build that cannot go on for a reason of the pipeline itself (not of its inputs' contents).
public struct PipelineError: LocatedError {
    /// What went wrong.
    public enum Reason: Equatable, Sendable {
        /// A step ran before the step that makes what it needs (a step list in the wrong order).
        case missingProduct(String)
        /// The lock file beside the site could not be opened or locked (the system's message).
        case lock(String)
    }

    /// The file concerned (the flow database, the lock file), when there is one.
    public var path: String?
    /// Why.
    public var reason: Reason

    /// An error about `path`.
    public init(path: String?, reason: Reason) {
        self.path = path
        self.reason = reason
    }

    public var message: String {
        switch reason {
        case .missingProduct(let what): return "no \(what): a step that needs it runs before the step that makes it"
        case .lock(let detail): return "could not lock the site folder against other builds: \(detail)"
        }
    }
}
