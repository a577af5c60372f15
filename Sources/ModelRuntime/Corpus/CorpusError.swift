import FlowCore

/// A problem reading a text corpus: the file and what is wrong.
public struct CorpusError: LocatedError, Equatable {
    /// What went wrong.
    public enum Reason: Equatable, Sendable {
        /// The file could not be read or is not UTF-8.
        case unreadable(String)
        /// A JSONL line that is not an object with a string `text` (line number).
        case badJSONLine(Int)
        /// Too little text for even one sequence.
        case tooShort(tokens: Int, needed: Int)
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
        case .unreadable(let why): return "cannot read the text: \(why)"
        case .badJSONLine(let line): return "line \(line) is not a JSON object with a string \"text\" field"
        case .tooShort(let tokens, let needed):
            return "the text has \(tokens) tokens; at least \(needed) are needed for one sequence"
        }
    }
}
