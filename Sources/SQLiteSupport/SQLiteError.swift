/// A failure reported by SQLite, with the database file and the statement involved.
public struct SQLiteError: Error, CustomStringConvertible, Equatable {
    /// The database file.
    public var path: String
    /// SQLite's result code.
    public var code: Int32
    /// SQLite's message.
    public var message: String
    /// The SQL text, when a statement was involved.
    public var sql: String?

    public var description: String {
        "\(path): SQLite error \(code): \(message)" + (sql.map { " (in: \($0.prefix(120)))" } ?? "")
    }
}
