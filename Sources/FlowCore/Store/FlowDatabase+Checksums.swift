import Codecs
import Foundation

extension FlowDatabase {
    /// SHA-256 (hex) of a file, streamed from disk in 8 MiB blocks; cached in `file_checksum` by
    /// (absolute path, size, mtime) so an unchanged file is not rehashed on a rerun.
    public func checksum(ofFile file: String) throws -> String {
        let url = URL(fileURLWithPath: file).standardizedFileURL.resolvingSymlinksInPath()
        let absolute = url.path
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: absolute)
        } catch {
            throw StoreError(path: file, reason: .unreadable(error.localizedDescription))
        }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? -1
        let mtime = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        if let row = try sqlite.rows(
            "SELECT sha256 FROM file_checksum WHERE path = ? AND size = ? AND mtime = ?", absolute, size, mtime
        ).first, let sha = row.first?.string {
            return sha
        }
        guard let handle = FileHandle(forReadingAtPath: absolute) else {
            throw StoreError(path: file, reason: .unreadable("cannot open"))
        }
        defer { try? handle.close() }
        var digest = SHA256()
        while true {
            let block: Data?
            do { block = try handle.read(upToCount: 8 << 20) } catch {
                throw StoreError(path: file, reason: .unreadable(error.localizedDescription))
            }
            guard let block, !block.isEmpty else { break }
            block.withUnsafeBytes { digest.update($0) }
        }
        let sha = digest.finalizeHex()
        try sqlite.run(
            "INSERT OR REPLACE INTO file_checksum(path, size, mtime, sha256) VALUES (?, ?, ?, ?)", absolute, size,
            mtime,
            sha)
        return sha
    }

    /// The checksum of an SAE: its single weight file's SHA-256, or for several files the SHA-256 of
    /// the lines `name sha256\n` in the order listed; empty input gives the SHA-256 of nothing.
    public func checksum(of sae: SAE) throws -> String {
        let files = sae.source.weightFiles
        if files.count == 1 { return try checksum(ofFile: files[0]) }
        var lines = ""
        for file in files { lines += "\((file as NSString).lastPathComponent) \(try checksum(ofFile: file))\n" }
        return Array(lines.utf8).withUnsafeBytes { SHA256.hex(of: $0) }
    }
}
