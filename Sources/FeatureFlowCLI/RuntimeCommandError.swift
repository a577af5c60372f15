import FlowCore

/// A runtime command failed on a file: printed as `Error: <path>: <message>`.
struct RuntimeCommandError: LocatedError {
    /// The file concerned.
    let path: String?
    /// What went wrong.
    let message: String
}
