import FlowCore

/// A build that cannot go on for a reason of the pipeline itself (not of its inputs' contents).
public enum PipelineError: LocatedError, Equatable {
    /// A step ran before the step that makes what it needs (a step list in the wrong order).
    case missingProduct(String)
    /// The lock file beside the site at `path` could not be opened or locked (`detail`: the system's message).
    case lock(path: String, detail: String)

    public var path: String? {
        if case .lock(let path, _) = self { return path }
        return nil
    }

    public var message: String {
        switch self {
        case .missingProduct(let what): return "no \(what): a step that needs it runs before the step that makes it"
        case .lock(_, let detail): return "could not lock the site folder against other builds: \(detail)"
        }
    }
}
