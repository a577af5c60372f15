import Codecs

/// A zip archive opened in place (`.npz`, PyTorch checkpoints): the central directory, and each member's
/// bytes as a view into the mapped file (STORED) or inflated and CRC-checked (DEFLATE). Handles numpy's
/// ZIP64 local extras, ZIP64 central-directory extras and the ZIP64 end records.
public struct ZipArchive: Sendable {
    /// The archive's bytes (its path names it in errors).
    public let file: MappedFile
    /// Entries in central-directory order (folders included).
    public let entries: [ZipEntry]

    /// Indexes a mapped (or in-memory) archive.
    public init(file: MappedFile) throws {
        entries = try Self.centralDirectory(file)
        self.file = file
    }

    /// The entry called `name`, or nil.
    public func entry(_ name: String) -> ZipEntry? { entries.first { $0.name == name } }

    /// A member's bytes: STORED members are a range of the mapped file (CRC-checked only when `verify`, so
    /// opening a large `.npz` stays instant); DEFLATE members are inflated into memory and always CRC-checked.
    public func contents(of entry: ZipEntry, verify: Bool = false) throws -> (
        file: MappedFile, offset: Int, length: Int
    ) {
        let local = entry.localHeaderOffset
        guard file.contains(offset: local, length: 30) else {
            throw WeightError(path: file.path, .truncated("the local header of '\(entry.name)'"))
        }
        guard try file.littleEndian(4, at: local, what: "local header") == 0x0403_4b50 else {
            throw Self.fail(file, "bad local header signature for '\(entry.name)'")
        }
        if entry.flags & 1 != 0 {
            throw WeightError(path: file.path, .unsupportedZip("member '\(entry.name)' is encrypted"))
        }
        // Local name/extra lengths differ from the central directory's (numpy: 20-byte ZIP64 extra locally only).
        let nameLength = Int(try file.littleEndian(2, at: local + 26, what: "local header"))
        let extraLength = Int(try file.littleEndian(2, at: local + 28, what: "local header"))
        let dataStart = local + 30 + nameLength + extraLength
        guard file.contains(offset: dataStart, length: entry.compressedSize) else {
            throw WeightError(path: file.path, .truncated("the data of member '\(entry.name)'"))
        }
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.uncompressedSize else {
                throw Self.fail(file, "stored member '\(entry.name)' has different compressed and uncompressed sizes")
            }
            if verify {
                let crc = file.withBytes(offset: dataStart, length: entry.compressedSize) { CRC32.checksum($0) }
                guard crc == entry.crc else {
                    throw WeightError(path: file.path, .corruptMember(member: entry.name, detail: "CRC-32 mismatch"))
                }
            }
            return (file, dataStart, entry.compressedSize)
        case 8:
            guard Inflater.isPlausible(compressedSize: entry.compressedSize, declaredSize: entry.uncompressedSize)
            else {
                throw WeightError(
                    path: file.path,
                    .corruptMember(
                        member: entry.name, detail: "declared size \(entry.uncompressedSize) is impossible for DEFLATE")
                )
            }
            let bytes: [UInt8]
            do {
                bytes = try file.withBytes(offset: dataStart, length: entry.compressedSize) {
                    try Inflater.inflateRaw($0, expectedSize: entry.uncompressedSize)
                }
            } catch {
                throw WeightError(path: file.path, .corruptMember(member: entry.name, detail: "\(error)"))
            }
            let crc = bytes.withUnsafeBytes { CRC32.checksum($0) }
            guard crc == entry.crc else {
                throw WeightError(path: file.path, .corruptMember(member: entry.name, detail: "CRC-32 mismatch"))
            }
            return (MappedFile(bytes: bytes, path: file.path), 0, bytes.count)
        default:
            throw WeightError(
                path: file.path, .unsupportedZip("member '\(entry.name)' uses compression method \(entry.method)"))
        }
    }

    static func fail(_ file: MappedFile, _ why: String) -> WeightError {
        WeightError(path: file.path, .malformedHeader(why))
    }

    /// Reads the end records and every central-directory entry.
    static func centralDirectory(_ file: MappedFile) throws -> [ZipEntry] {
        let size = file.count
        guard size >= 22 else {
            throw WeightError(path: file.path, .truncated("the zip end-of-central-directory record"))
        }
        // The EOCD is the last PK\5\6 within 22 + 65535 bytes of the end.
        let window = min(size, 22 + 65_535)
        let tail = try file.bytes(offset: size - window, length: window)
        var eocd: Int?
        var position = window - 22
        while position >= 0 {
            if tail[position] == 0x50 && tail[position + 1] == 0x4B && tail[position + 2] == 5
                && tail[position + 3] == 6
            {
                eocd = size - window + position
                break
            }
            position -= 1
        }
        guard let eocd else { throw fail(file, "no zip end-of-central-directory record (not a zip archive)") }
        func u(_ bytes: Int, _ at: Int, _ what: String) throws -> Int {
            let value = try file.littleEndian(bytes, at: at, what: what)
            guard value <= UInt64(Int.max) else { throw fail(file, "\(what) holds an impossible value \(value)") }
            return Int(value)
        }
        let disk = try u(2, eocd + 4, "EOCD")
        var entryCount = try u(2, eocd + 10, "EOCD")
        var directorySize = try u(4, eocd + 12, "EOCD")
        var directoryOffset = try u(4, eocd + 16, "EOCD")
        // ZIP64 locator immediately before the EOCD.
        if eocd >= 20, try u(4, eocd - 20, "ZIP64 locator") == 0x0706_4b50 {
            let record = try u(8, eocd - 20 + 8, "ZIP64 locator")
            guard try file.contains(offset: record, length: 56) && u(4, record, "ZIP64 EOCD") == 0x0606_4b50 else {
                throw fail(file, "ZIP64 end-of-central-directory locator points to no ZIP64 record")
            }
            entryCount = try u(8, record + 32, "ZIP64 EOCD")
            directorySize = try u(8, record + 40, "ZIP64 EOCD")
            directoryOffset = try u(8, record + 48, "ZIP64 EOCD")
        } else if entryCount == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            throw fail(file, "saturated end-of-central-directory fields without a ZIP64 record")
        }
        guard disk == 0 || disk == 0xFFFF else {
            throw WeightError(path: file.path, .unsupportedZip("multi-disk archive"))
        }
        guard file.contains(offset: directoryOffset, length: directorySize) else {
            throw WeightError(path: file.path, .truncated("the zip central directory"))
        }
        var entries: [ZipEntry] = []
        var cursor = directoryOffset
        for _ in 0..<entryCount {
            guard try u(4, cursor, "central directory") == 0x0201_4b50 else {
                throw fail(file, "bad central-directory entry signature at offset \(cursor)")
            }
            let flags = try u(2, cursor + 8, "central directory")
            let method = try u(2, cursor + 10, "central directory")
            let crc = UInt32(try u(4, cursor + 16, "central directory"))
            var compressed = try u(4, cursor + 20, "central directory")
            var uncompressed = try u(4, cursor + 24, "central directory")
            let nameLength = try u(2, cursor + 28, "central directory")
            let extraLength = try u(2, cursor + 30, "central directory")
            let commentLength = try u(2, cursor + 32, "central directory")
            var offset = try u(4, cursor + 42, "central directory")
            let name = String(decoding: try file.bytes(offset: cursor + 46, length: nameLength), as: UTF8.self)
            let extra = try file.bytes(offset: cursor + 46 + nameLength, length: extraLength)
            // ZIP64 extra (id 1) lists only the saturated fields, in the order usize, csize, offset.
            if let zip64 = Self.zip64Field(extra) {
                var index = 0
                func next() throws -> Int {
                    guard index + 8 <= zip64.count else { throw fail(file, "ZIP64 extra of '\(name)' is too short") }
                    var value: UInt64 = 0
                    for byte in zip64[index..<(index + 8)].reversed() { value = value << 8 | UInt64(byte) }
                    index += 8
                    guard value <= UInt64(Int.max) else { throw fail(file, "ZIP64 value of '\(name)' is too large") }
                    return Int(value)
                }
                if uncompressed == 0xFFFF_FFFF { uncompressed = try next() }
                if compressed == 0xFFFF_FFFF { compressed = try next() }
                if offset == 0xFFFF_FFFF { offset = try next() }
            }
            entries.append(
                ZipEntry(
                    name: name, method: method, flags: flags, crc: crc, compressedSize: compressed,
                    uncompressedSize: uncompressed, localHeaderOffset: offset))
            cursor += 46 + nameLength + extraLength + commentLength
        }
        return entries
    }

    /// The data of the ZIP64 extended-information field (header id 0x0001) in an extra block, if any.
    static func zip64Field(_ extra: [UInt8]) -> [UInt8]? {
        var index = 0
        while index + 4 <= extra.count {
            let id = Int(extra[index]) | Int(extra[index + 1]) << 8
            let length = Int(extra[index + 2]) | Int(extra[index + 3]) << 8
            let start = index + 4
            guard start + length <= extra.count else { return nil }
            if id == 1 { return Array(extra[start..<(start + length)]) }
            index = start + length
        }
        return nil
    }
}
