import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The folder a site is built in before it replaces the target; every path written is checked to stay inside it.
public struct SiteStaging: Sendable {
    /// Absolute path of the staging folder.
    public let root: String

    /// A staging area rooted at `root` (created by `SiteWriter`).
    public init(root: String) { self.root = root }

    /// Writes UTF-8 `text` to `relativePath` (components `[A-Za-z0-9._-]`, separated by `/`).
    public func write(_ text: String, to relativePath: String) throws {
        var text = text
        try text.withUTF8 { try write(UnsafeRawBufferPointer($0), to: relativePath) }
    }

    /// Writes `bytes` to `relativePath`.
    public func write(bytes: [UInt8], to relativePath: String) throws {
        try bytes.withUnsafeBytes { try write($0, to: relativePath) }
    }

    /// Writes `data` to `relativePath`.
    public func write(_ data: Data, to relativePath: String) throws {
        try data.withUnsafeBytes { try write($0, to: relativePath) }
    }

    /// Writes the bytes of `buffer` to `relativePath` (every other writer ends here, without copying its bytes).
    private func write(_ buffer: UnsafeRawBufferPointer, to relativePath: String) throws {
        let path = try absolutePath(relativePath)
        // Plain write(2): Foundation's Data.write and FileManager.createFile fsync every file, which
        // dominated page writing. Durability comes from the staged swap, not from syncing each page.
        // The folder is created only when it is missing: asking Foundation for it before every file cost as much as
        // writing the file.
        var descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if descriptor < 0 && errno == ENOENT {
            try createParent(of: path)
            descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        }
        guard descriptor >= 0 else {
            throw SiteError(path: path, message: "could not create the file (errno \(errno))", reason: .io)
        }
        defer { close(descriptor) }
        var offset = 0
        while offset < buffer.count {
            let count = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                throw SiteError(path: path, message: "could not write the file (errno \(errno))", reason: .io)
            }
            offset += count
        }
    }

    /// Copies the file at `source` to `relativePath`.
    public func copyFile(from source: String, to relativePath: String) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: source))
        } catch {
            throw SiteError(path: source, message: "could not read the file to copy into the site", reason: .io)
        }
        try write(data, to: relativePath)
    }

    /// The absolute path for `relativePath`, after checking every component is a safe name.
    public func absolutePath(_ relativePath: String) throws -> String {
        let components = relativePath.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        guard components.allSatisfy({ SiteNames.isSafeComponent(bytes: $0) }) else {
            throw SiteError(
                path: relativePath,
                message:
                    "unsafe file name in the site: every part must be made of A-Z a-z 0-9 . _ - and not start with a dot",
                reason: .unsafeName)
        }
        return root + "/" + relativePath
    }

    func createParent(of path: String) throws {
        let parent = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw SiteError(path: parent, message: "could not create the folder", reason: .io)
        }
    }
}
