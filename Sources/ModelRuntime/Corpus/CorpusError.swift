import FlowCore

/// A problem reading a text corpus: the file and what is wrong.
public typealias CorpusError = LocatedFailure<CorpusReason>

/// What went wrong.
public enum CorpusReason: FailureReason {
    /// The file could not be read or is not UTF-8.
    case unreadable(String)
    /// A JSONL line that is not an object with a string `text` (line number).
    case badJSONLine(Int)
    /// Too little text for even one sequence.
    case tooShort(tokens: Int, needed: Int)

    /// What is wrong, in one sentence, without the path.
    public var message: String {
        switch self {
        case .unreadable(let why): return "cannot read the text: \(why)"
        case .badJSONLine(let line): return "line \(line) is not a JSON object with a string \"text\" field"
        case .tooShort(let tokens, let needed):
            return "the text has \(tokens) tokens; at least \(needed) are needed for one sequence"
        }
    }
}
