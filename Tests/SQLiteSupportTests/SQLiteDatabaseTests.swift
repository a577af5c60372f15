import Foundation
import TestSupport
import Testing

@testable import SQLiteSupport

@Suite struct SQLiteDatabaseTests {
    func temporaryPath() -> String {
        TemporaryFolder.path("sqlite") + ".sqlite"
    }

    @Test func roundTripsValues() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let db = try SQLiteDatabase(path: path)
        try db.execute("CREATE TABLE t(a INTEGER, b REAL, c TEXT, d BLOB)")
        try db.run("INSERT INTO t VALUES (?, ?, ?, ?)", 7, 0.5, "x'y\"<z>", SQLiteValue.blob([1, 2]))
        try db.run("INSERT INTO t VALUES (?, ?, ?, ?)", SQLiteValue.null, 1.0, "é", SQLiteValue.null)
        let rows = try db.rows("SELECT a, b, c, d FROM t ORDER BY rowid")
        #expect(rows == [[7, 0.5, "x'y\"<z>", .blob([1, 2])], [nil, 1.0, "é", nil]])
    }

    @Test func rollsBackWhenTheBodyThrows() throws {
        struct Boom: Error {}
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let db = try SQLiteDatabase(path: path)
        try db.execute("CREATE TABLE t(a INTEGER)")
        #expect(throws: Boom.self) {
            try db.transaction {
                try db.run("INSERT INTO t VALUES (1)")
                throw Boom()
            }
        }
        #expect(try db.rows("SELECT count(*) FROM t") == [[0]])
    }

    @Test func errorsNameTheFileAndStatement() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let db = try SQLiteDatabase(path: path)
        do {
            try db.execute("SELEC nonsense")
            Issue.record("expected an error")
        } catch let error as SQLiteError {
            #expect(error.path == path)
            #expect(error.description.contains("SELEC nonsense"))
        }
    }
}
