/// Why shard databases cannot be merged, located at the offending file.
public typealias MergeError = LocatedFailure<MergeReason>

/// What went wrong.
public enum MergeReason: FailureReason {
    /// The database has no shard manifest (not written by `match --shard`).
    case notAShard
    /// A shard disagrees with the first one given (named) about `what`.
    case inconsistent(what: String, reference: String)
    /// Two files hold the same slice.
    case overlapping(shard: String, other: String)
    /// Slices absent from the inputs.
    case missing(slices: [String])
    /// A shard's matches do not cover its units.
    case incomplete(String)
    /// The output exists already.
    case outputExists
    /// Nothing to merge.
    case noInputs

    /// What is wrong, in one sentence, without the path.
    public var message: String {
        switch self {
        case .notAShard: return "not a shard database (write shards with `featureflow match … --shard i/N`)"
        case .inconsistent(let what, let reference): return "\(what) differ from \(reference); shards of one run only"
        case .overlapping(let shard, let other): return "slice \(shard) is also in \(other)"
        case .missing(let slices): return "missing slice(s) \(slices.joined(separator: ", "))"
        case .incomplete(let text): return "incomplete shard: \(text)"
        case .outputExists: return "the output exists; merge into a new file"
        case .noInputs: return "no shard databases given"
        }
    }
}
