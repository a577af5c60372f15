import FlowCore

/// A problem loading a tokeniser (tokenizer.json, tokenizer_config.json or GGUF metadata): the file and
/// what is wrong.
public typealias TokenizerError = LocatedFailure<TokenizerReason>

/// What went wrong.
public enum TokenizerReason: FailureReason {
    /// The file could not be read.
    case unreadable(String)
    /// The file does not parse or lacks a required part (what).
    case malformed(String)
    /// A tokeniser feature the runtime does not implement (which).
    case unsupported(String)

    /// What is wrong, in one sentence, without the path.
    public var message: String {
        switch self {
        case .unreadable(let why): return "cannot read the tokenizer: \(why)"
        case .malformed(let why): return "malformed tokenizer: \(why)"
        case .unsupported(let why): return "unsupported tokenizer: \(why)"
        }
    }
}
