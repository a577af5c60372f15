import Foundation
import SQLiteSupport

/// The flow database (FlowSchema): the SAEs read, the matches of every layer, what produced them,
/// and one row per run. Writes come from `featureflow match`; the analysis and the site read it.
///
/// Not thread-safe: use one instance per thread.
public final class FlowDatabase {
    /// The database file.
    public let path: String
    /// The underlying connection, for stages that add their own tables' rows (e.g. `feature`).
    public let sqlite: SQLiteDatabase

    /// Opens the database at `path`, creating it (and its tables) unless `readOnly` or `mustExist`;
    /// throws when the file has another schema version.
    public init(path: String, readOnly: Bool = false, mustExist: Bool = false) throws {
        self.path = path
        if (readOnly || mustExist) && !FileManager.default.fileExists(atPath: path) {
            throw StoreError(path: path, reason: .missing)
        }
        do {
            sqlite = try SQLiteDatabase(path: path, readOnly: readOnly)
            if readOnly {
                try checkVersion()
            } else {
                try sqlite.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
                try sqlite.transaction {
                    let hasMeta = try !sqlite.rows(
                        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'"
                    ).isEmpty
                    if hasMeta { try checkVersion() }
                    try sqlite.execute(FlowSchema.ddl)
                    try sqlite.execute(EvidenceSchema.ddl)
                    try sqlite.execute(SteeringSchema.ddl)
                    for (table, column, type) in FlowSchema.addedColumns where try !hasColumn(table, column) {
                        try sqlite.execute("ALTER TABLE \(table) ADD COLUMN \(column) \(type)")
                    }
                    try sqlite.run(
                        "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?)",
                        String(FlowSchema.version))
                    try sqlite.run(
                        "INSERT OR REPLACE INTO meta(key, value) VALUES ('tool_version', ?)", FlowCore.version)
                }
            }
        } catch let error as SQLiteError {
            throw StoreError(path: path, reason: .sqlite(error.reason.text))
        }
    }

    /// Whether the `run` table has the `audit` column (databases written before issue 17 lack it).
    func hasRunAudit() throws -> Bool { try hasColumn("run", "audit") }

    /// True when `table` has `column` (older files may lack columns in `FlowSchema.addedColumns`).
    func hasColumn(_ table: String, _ column: String) throws -> Bool {
        try sqlite.rows("SELECT name FROM pragma_table_info('\(table)')").contains { $0.first?.string == column }
    }

    /// Throws unless `meta.schema_version` is `FlowSchema.version`.
    func checkVersion() throws {
        let found: String
        do {
            found = try sqlite.rows("SELECT value FROM meta WHERE key='schema_version'").first?.first?.string ?? "none"
        } catch {
            found = "none"
        }
        guard found == String(FlowSchema.version) else {
            throw StoreError(path: path, reason: .schemaVersion(found: found, expected: FlowSchema.version))
        }
    }

    /// Canonical JSON (sorted keys, no whitespace) of a JSON-compatible value.
    static func json(_ value: Any) -> String {
        let data = try! JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}
