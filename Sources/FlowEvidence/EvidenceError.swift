import FlowCore

/// Why an evidence pass cannot run, naming the file (database, SAE, model, text or dump) at fault.
public struct EvidenceError: LocatedError, Equatable {
    /// The file or folder the problem is in.
    public var path: String?
    /// What is wrong.
    public var message: String

    /// An error about `path`.
    public init(path: String?, _ message: String) {
        self.path = path
        self.message = message
    }
}
