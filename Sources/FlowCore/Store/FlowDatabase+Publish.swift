import Foundation
import SQLiteSupport

extension FlowDatabase {
    /// Writes a copy for publishing at `path` (which must not exist): the same tables, minus what varies
    /// between identical runs or reveals the build machine — timings, the checksum cache, older runs —
    /// so identical inputs give a byte-identical file.
    public func publish(to path: String) throws {
        do {
            try sqlite.run("VACUUM INTO ?", path)
            let copy = try SQLiteDatabase(path: path)
            try copy.execute(
                """
                PRAGMA journal_mode=DELETE;
                DELETE FROM file_checksum;
                UPDATE layer_state SET seconds = 0;
                DELETE FROM run WHERE id < (SELECT max(id) FROM run);
                UPDATE run SET id = 1, timings = '{}';
                """)
            try copy.execute("VACUUM")
        } catch let error as SQLiteError {
            throw StoreError(path: path, reason: .sqlite(error.reason.text))
        }
    }
}
