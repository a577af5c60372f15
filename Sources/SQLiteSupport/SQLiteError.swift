import FlowDiagnostics

/// A failure reported by SQLite, with the database file and the statement involved.
public typealias SQLiteError = LocatedFailure<SQLiteReason>

/// What SQLite reported: its result code, its message and the statement, when one was involved.
public struct SQLiteReason: FailureReason {
    /// SQLite's result code.
    public var code: Int32
    /// SQLite's own message.
    public var text: String
    /// The SQL text, when a statement was involved.
    public var sql: String?

    /// `SQLite error <code>: <text>`, then the statement's first 120 characters when there is one.
    public var message: String {
        "SQLite error \(code): \(text)" + (sql.map { " (in: \($0.prefix(120)))" } ?? "")
    }
}

extension LocatedFailure where Reason == SQLiteReason {
    /// SQLite's failure `code` with its `message`, for the database at `path` (and statement `sql`).
    public init(path: String, code: Int32, message: String, sql: String?) {
        self.init(path: path, SQLiteReason(code: code, text: message, sql: sql))
    }
}
