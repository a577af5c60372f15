import FlowCore

/// A problem loading a tokeniser (tokenizer.json, tokenizer_config.json or GGUF metadata): the file and
/// what is wrong.
public struct TokenizerError: LocatedError, Equatable {
    /// What went wrong.
    public enum Reason: Equatable, Sendable {
        /// The file could not be read.
        case unreadable(String)
        /// The file does not parse or lacks a required part (what).
        case malformed(String)
        /// A tokeniser feature the runtime does not implement (which).
        case unsupported(String)
    }

    /// The file the problem is in.
    public var path: String?
    /// What is wrong.
    public var reason: Reason

    /// An error about `path`.
    public init(path: String?, _ reason: Reason) {
        self.path = path
        self.reason = reason
    }

    public var message: String {
        switch reason {
        case .unreadable(let why): return "cannot read the tokenizer: \(why)"
        case .malformed(let why): return "malformed tokenizer: \(why)"
        case .unsupported(let why): return "unsupported tokenizer: \(why)"
        }
    }
}
