import FlowCore

/// A steering run that cannot go ahead: names the file (SAE folder, model, prompts) and the problem.
public struct SteeringRunError: LocatedError, Equatable {
    /// The file or folder concerned.
    public var path: String?
    /// What is wrong.
    public var message: String

    /// An error about `path`.
    public init(path: String?, message: String) {
        self.path = path
        self.message = message
    }
}
