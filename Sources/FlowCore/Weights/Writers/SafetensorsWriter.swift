import CanonicalOutput
import Foundation

/// Writes safetensors files (FORMATS.md §6): u64 LE header length N, a JSON header with sorted keys padded
/// with spaces to a multiple of 8, then the tensors back to back, in name order. Tensor data is streamed:
/// the header is fixed from the shapes up front, then each tensor's values are appended in order.
public struct SafetensorsWriter: Sendable {
    /// Tensors in buffer order (sorted by name).
    public let tensors: [SafetensorsTensorSpec]
    /// Optional `__metadata__` string map.
    public let metadata: [String: String]?
    /// The first 8 + N bytes of the file: length prefix and padded JSON header.
    public let header: [UInt8]
    /// Offsets of each tensor inside the data buffer, keyed by name.
    public let dataOffsets: [String: Range<Int>]

    /// Lays out `tensors` (any order; names must be unique and not `__metadata__`).
    public init(tensors: [SafetensorsTensorSpec], metadata: [String: String]? = nil) throws {
        let sorted = tensors.sorted { $0.name < $1.name }
        var offsets: [String: Range<Int>] = [:]
        var members: [String: JSONValue] = [:]
        var position = 0
        for tensor in sorted {
            guard tensor.name != "__metadata__", offsets[tensor.name] == nil else {
                throw SyntheticError(path: nil, .invalidOption("duplicate or reserved tensor name \(tensor.name)"))
            }
            guard tensor.shape.allSatisfy({ $0 >= 0 }) else {
                throw SyntheticError(path: nil, .invalidOption("negative dimension in tensor \(tensor.name)"))
            }
            let range = position..<(position + tensor.byteCount)
            offsets[tensor.name] = range
            position = range.upperBound
            members[tensor.name] = .object([
                "dtype": .string(tensor.dtype.rawValue),
                "shape": .array(tensor.shape.map { .int($0) }),
                "data_offsets": .array([.int(range.lowerBound), .int(range.upperBound)]),
            ])
        }
        if let metadata {
            members["__metadata__"] = .object(metadata.mapValues { .string($0) })
        }
        var json = Array(JSONValue.object(members).rendered().utf8)
        while json.count % 8 != 0 { json.append(0x20) }
        var header: [UInt8] = []
        header.reserveCapacity(8 + json.count)
        var length = UInt64(json.count).littleEndian
        for _ in 0..<8 {
            header.append(UInt8(truncatingIfNeeded: length))
            length >>= 8
        }
        header += json
        self.tensors = sorted
        self.metadata = metadata
        self.header = header
        self.dataOffsets = offsets
    }

    /// N, the JSON header length (a multiple of 8).
    public var headerLength: Int { header.count - 8 }

    /// Total file size: 8 + N + data bytes.
    public var fileSize: Int { header.count + (tensors.last.map { dataOffsets[$0.name]!.upperBound } ?? 0) }

    /// Writes the file at `path`; `fill` is called once per tensor, in buffer order, and must append exactly
    /// `elementCount` values (row-major) to the sink.
    public func write(
        to path: String, fill: (SafetensorsTensorSpec, SafetensorsSink) throws -> Void
    ) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw SyntheticError(path: path, .io("cannot create file"))
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw SyntheticError(path: path, .io("cannot open file for writing"))
        }
        defer { try? handle.close() }
        let sink = SafetensorsSink(handle: handle, path: path)
        try sink.appendBytes(header)
        try stream(into: sink, fill: fill)
        try sink.flush()
    }

    /// The whole file in memory (tests and tiny fixtures).
    public func bytes(fill: (SafetensorsTensorSpec, SafetensorsSink) throws -> Void) throws -> [UInt8] {
        let sink = SafetensorsSink(handle: nil, path: nil)
        try sink.appendBytes(header)
        try stream(into: sink, fill: fill)
        return sink.memory
    }

    /// The whole file in memory from named value arrays.
    public func bytes(values: [String: [Float]]) throws -> [UInt8] {
        try bytes { tensor, sink in try sink.append(values[tensor.name] ?? []) }
    }

    private func stream(into sink: SafetensorsSink, fill: (SafetensorsTensorSpec, SafetensorsSink) throws -> Void)
        throws
    {
        for tensor in tensors {
            try sink.begin(tensor)
            try fill(tensor, sink)
            try sink.end()
        }
    }
}
