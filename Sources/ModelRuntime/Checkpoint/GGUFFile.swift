import FlowCore

/// A GGUF (v2/v3) file opened in place: header, metadata and tensor infos parsed and checked (counts
/// against the file's size, every tensor's bytes inside the file, aligned and not overlapping); tensor
/// data stays memory-mapped.
public struct GGUFFile: Sendable {
    /// The default `general.alignment`.
    public static let defaultAlignment = 32

    /// The file's path.
    public var path: String { file.path }
    /// The mapped bytes.
    public let file: MappedFile
    /// The format version (3 for current files).
    public let version: UInt32
    /// Metadata by key.
    public let metadata: [String: GGUFValue]
    /// Metadata keys in file order.
    public let metadataKeys: [String]
    /// Tensor infos in file order.
    public let tensors: [GGUFTensorInfo]
    /// Byte offset of the data section.
    public let dataOffset: Int
    private let index: [String: Int]

    /// Maps and parses `path`.
    public init(path: String) throws {
        let file: MappedFile
        do {
            file = try MappedFile(path: path)
        } catch let error as WeightError {
            throw CheckpointError(error)
        }
        try self.init(file: file)
    }

    /// Parses an already mapped file (or bytes held in memory).
    public init(file: MappedFile) throws {
        self.file = file
        let path = file.path
        func fail(_ reason: CheckpointError.Reason) -> CheckpointError { CheckpointError(path: path, reason) }
        let parsed = try file.withBytes(offset: 0, length: file.count) { bytes in
            var cursor = GGUFCursor(bytes: bytes, path: path)
            try cursor.need(4, "the magic")
            guard bytes[0] == 0x47, bytes[1] == 0x47, bytes[2] == 0x55, bytes[3] == 0x46 else { throw fail(.badMagic) }
            cursor.position = 4
            let version = try cursor.u32("the version")
            guard version == 2 || version == 3 else { throw fail(.unsupportedVersion(version)) }
            // A tensor info is at least 8 (name) + 4 (n_dims) + 4 (type) + 8 (offset) bytes; a metadata
            // entry at least 8 (key) + 4 (type) + 1 (value).
            let tensorCount = try cursor.count("tensor", minimumSize: 24)
            let metadataCount = try cursor.count("metadata", minimumSize: 13)
            var metadata: [String: GGUFValue] = [:]
            var keys: [String] = []
            for number in 0..<metadataCount {
                let key = try cursor.string("metadata key \(number)")
                let type = try cursor.u32("the type of metadata '\(key)'")
                let value = try cursor.value(type: type, key: key)
                guard metadata.updateValue(value, forKey: key) == nil else { throw fail(.duplicateKey(key)) }
                keys.append(key)
            }
            var alignment = Self.defaultAlignment
            if let value = metadata["general.alignment"] {
                guard let int = value.int, int > 0, int <= 1 << 20, int & (int - 1) == 0 else {
                    throw fail(.badMetadata("general.alignment must be a power of two, not \(value)"))
                }
                alignment = int
            }
            var raw: [(name: String, dims: [Int], type: GGMLType, offset: Int)] = []
            var names: [String: Int] = [:]
            for number in 0..<tensorCount {
                let name = try cursor.string("the name of tensor \(number)")
                let rank = try cursor.u32("the rank of tensor '\(name)'")
                guard rank >= 1, rank <= 4 else {
                    throw fail(.badShape(tensor: name, shape: [], why: "\(rank) dimensions (1 to 4 allowed)"))
                }
                var dims: [Int] = []
                for axis in 0..<Int(rank) {
                    let size = try cursor.u64("dimension \(axis) of tensor '\(name)'")
                    guard size <= UInt64(Int32.max) else {
                        throw fail(.absurdCount(what: "dimension \(axis) of tensor '\(name)'", count: size))
                    }
                    dims.append(Int(size))
                }
                let typeID = try cursor.u32("the type of tensor '\(name)'")
                guard let type = GGMLType.known(typeID) else {
                    throw fail(.unknownTensorType(tensor: name, type: typeID))
                }
                let offset = try cursor.u64("the offset of tensor '\(name)'")
                guard offset <= UInt64(file.count) else {
                    throw fail(.badOffset(tensor: name, why: "offset \(offset) lies past the end of the file"))
                }
                guard names.updateValue(number, forKey: name) == nil else { throw fail(.duplicateTensor(name)) }
                raw.append((name, dims, type, Int(offset)))
            }
            let dataOffset = (cursor.position + alignment - 1) / alignment * alignment
            var infos: [GGUFTensorInfo] = []
            for entry in raw {
                guard entry.dims[0] % entry.type.blockSize == 0 else {
                    throw fail(
                        .badShape(
                            tensor: entry.name, shape: entry.dims,
                            why: "ne[0] is not a multiple of \(entry.type.name)'s block of \(entry.type.blockSize)"))
                }
                var bytes = entry.dims[0] / entry.type.blockSize * entry.type.blockBytes
                for size in entry.dims.dropFirst() {
                    let (product, overflow) = bytes.multipliedReportingOverflow(by: size)
                    guard !overflow, product <= file.count else {
                        throw fail(
                            .badOffset(tensor: entry.name, why: "its \(entry.dims) values run past the end of the file")
                        )
                    }
                    bytes = product
                }
                guard entry.offset % alignment == 0 else {
                    throw fail(
                        .badOffset(tensor: entry.name, why: "offset \(entry.offset) is not aligned to \(alignment)"))
                }
                guard dataOffset <= file.count, entry.offset <= file.count - dataOffset,
                    bytes <= file.count - dataOffset - entry.offset
                else {
                    throw fail(
                        .badOffset(tensor: entry.name, why: "its bytes run past the end of the file (truncated?)"))
                }
                infos.append(
                    GGUFTensorInfo(
                        name: entry.name, dimensions: entry.dims, type: entry.type,
                        fileOffset: dataOffset + entry.offset,
                        byteCount: bytes))
            }
            let ordered = infos.sorted { ($0.fileOffset, $0.byteCount) < ($1.fileOffset, $1.byteCount) }
            var end = 0
            var owner = ""
            for info in ordered where info.byteCount > 0 {
                guard info.fileOffset >= end else {
                    throw fail(.badOffset(tensor: info.name, why: "its bytes overlap tensor '\(owner)'"))
                }
                end = info.fileOffset + info.byteCount
                owner = info.name
            }
            return (version, metadata, keys, infos, dataOffset, names)
        }
        version = parsed.0
        metadata = parsed.1
        metadataKeys = parsed.2
        tensors = parsed.3
        dataOffset = parsed.4
        index = parsed.5
    }

    /// The tensor called `name`, or nil.
    public func tensor(_ name: String) -> GGUFTensorInfo? { index[name].map { tensors[$0] } }

    /// Runs `body` over the bytes of `tensor` (checked at open).
    public func withBytes<T>(of tensor: GGUFTensorInfo, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try file.withBytes(offset: tensor.fileOffset, length: tensor.byteCount, body)
    }
}
