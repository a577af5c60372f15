/// A problem in a labels file, with the line it is on.
public typealias LabelError = LocatedFailure<LabelReason>

/// What is wrong with a labels file.
public enum LabelReason: FailureReason {
    /// The file could not be read (the system's explanation).
    case unreadable(String)
    /// A JSONL line that is not a JSON object.
    case notJSON
    /// A required field is absent.
    case missingField(String)
    /// A feature index that is not a non-negative integer.
    case badIndex(String)
    /// A Neuronpedia source whose layer and site cannot be told.
    case unknownSource(String)
    /// A CSV row that is not `layer,site,index,label`.
    case badCSVRow(String)
    /// The file inflates past the size limit.
    case tooLarge(limit: Int)

    /// What is wrong, in one sentence, without the path.
    public var message: String {
        switch self {
        case .unreadable(let why): return "cannot read labels: \(why)"
        case .notJSON: return "not a JSON object (expected one Neuronpedia explanation per line)"
        case .missingField(let field): return "missing field `\(field)`"
        case .badIndex(let value): return "feature index `\(value)` is not a non-negative integer"
        case .unknownSource(let source):
            return "cannot tell layer and site from source `\(source)` (expected e.g. `24-gemmascope-res-16k`)"
        case .badCSVRow(let why): return "bad CSV row: \(why) (expected layer,site,index,label)"
        case .tooLarge(let limit): return "labels file larger than \(limit) bytes after decompression"
        }
    }
}
