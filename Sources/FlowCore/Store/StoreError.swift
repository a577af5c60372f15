/// A problem with the flow database file.
public struct StoreError: LocatedError, Equatable {
    /// What went wrong.
    public enum Reason: Equatable, Sendable {
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
    }

    /// The database (or weight) file.
    public var path: String?
    /// What went wrong.
    public var reason: Reason

    /// An error at `path`.
    public init(path: String?, reason: Reason) {
        self.path = path
        self.reason = reason
    }

    public var message: String {
        switch reason {
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
