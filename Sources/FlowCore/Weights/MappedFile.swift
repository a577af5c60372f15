#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A read-only byte region: a file mapped with mmap (unmapped in deinit), or bytes held in memory
/// (an inflated zip member). With `TensorView`, the only code that touches raw pointers in Weights.
public final class MappedFile: @unchecked Sendable {
    /// The file the bytes come from (for error messages).
    public let path: String
    /// Number of bytes.
    public let count: Int
    private let base: UnsafeRawPointer?
    private let isMapped: Bool

    /// Maps `path` read-only; an empty file maps to an empty region.
    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw WeightError(path: path, .unreadable(Self.errnoText())) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw WeightError(path: path, .unreadable(Self.errnoText())) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw WeightError(path: path, .unreadable("not a regular file"))
        }
        count = Int(info.st_size)
        isMapped = count > 0
        if count == 0 {
            base = nil
            return
        }
        let address = mmap(nil, count, PROT_READ, MAP_PRIVATE, fd, 0)
        guard let address, address != MAP_FAILED else {
            throw WeightError(path: path, .unreadable("mmap failed: \(Self.errnoText())"))
        }
        base = UnsafeRawPointer(address)
    }

    /// Holds `bytes` in memory under the name `path` (used for inflated members).
    public init(bytes: [UInt8], path: String) {
        self.path = path
        count = bytes.count
        isMapped = false
        if bytes.isEmpty {
            base = nil
        } else {
            let memory = UnsafeMutableRawPointer.allocate(byteCount: bytes.count, alignment: 16)
            bytes.withUnsafeBytes { memory.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
            base = UnsafeRawPointer(memory)
        }
    }

    deinit {
        guard let base else { return }
        if isMapped {
            munmap(UnsafeMutableRawPointer(mutating: base), count)
        } else {
            UnsafeMutableRawPointer(mutating: base).deallocate()
        }
    }

    /// Drops this mapping's pages from the process's resident set (they stay in the page cache and come
    /// back on the next access). Called once a decoder has been converted, so mapped weight files do not
    /// add up to gigabytes of RSS over a 26-layer run (and count against container memory limits).
    public func releaseResidentPages() {
        guard isMapped, let base else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base), count, MADV_DONTNEED)
    }

    /// Whether `offset..<offset+length` lies inside the region (overflow-safe).
    public func contains(offset: Int, length: Int) -> Bool {
        offset >= 0 && length >= 0 && offset <= count && length <= count - offset
    }

    /// Runs `body` over bytes `offset..<offset+length`; the caller has checked `contains`.
    public func withBytes<T>(offset: Int, length: Int, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        precondition(contains(offset: offset, length: length), "byte range outside \(path)")
        guard let base else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return try body(UnsafeRawBufferPointer(start: base + offset, count: length))
    }

    /// The bytes `offset..<offset+length` copied out (for headers and small records).
    public func bytes(offset: Int, length: Int) throws -> [UInt8] {
        guard contains(offset: offset, length: length) else {
            throw WeightError(path: path, .truncated("\(length) bytes at offset \(offset)"))
        }
        return withBytes(offset: offset, length: length) { Array($0) }
    }

    /// Little-endian unsigned integer of `size` bytes (2, 4 or 8) at `offset`, read unaligned.
    public func littleEndian(_ size: Int, at offset: Int, what: String) throws -> UInt64 {
        guard contains(offset: offset, length: size) else { throw WeightError(path: path, .truncated(what)) }
        return withBytes(offset: offset, length: size) { raw in
            var value: UInt64 = 0
            for index in (0..<size).reversed() { value = value << 8 | UInt64(raw[index]) }
            return value
        }
    }

    /// The whole file at `path` copied into memory, or nil when it cannot be opened (missing, a folder).
    /// Used for text inputs instead of `FileManager.contents(atPath:)`, which leaks a 4 KB buffer for
    /// every empty file it reads (swift-foundation on Linux; found by `make fuzz`).
    public static func contents(atPath path: String) -> [UInt8]? {
        guard let file = try? MappedFile(path: path) else { return nil }
        return try? file.bytes(offset: 0, length: file.count)
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}
