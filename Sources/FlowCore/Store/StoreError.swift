/// A problem with the flow database file.
public typealias StoreError = LocatedFailure<StoreReason>

/// What went wrong.
public enum StoreReason: FailureReason {
    /// The file was written by a different schema version.
    case schemaVersion(found: String, expected: Int)
    /// The file is not a flow database (or SQLite failed).
    case sqlite(String)
    /// A weight file could not be read for its checksum.
    case unreadable(String)
    /// A stored value does not have the expected form.
    case corrupt(String)
    /// There is no flow database at the path.
    case missing

    /// What is wrong, in one sentence, without the path.
    public var message: String {
        switch self {
        case .schemaVersion(let found, let expected):
            return "flow database schema version \(found), this featureflow writes version \(expected); "
                + "delete the file or use another --db"
        case .sqlite(let message): return message
        case .unreadable(let message): return "cannot read for checksum: \(message)"
        case .corrupt(let message): return "flow database: \(message)"
        case .missing: return "no flow database here (run `featureflow match` first)"
        }
    }
}
