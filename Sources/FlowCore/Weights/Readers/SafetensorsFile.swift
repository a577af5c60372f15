import Foundation

/// A safetensors file opened in place: the header is parsed and validated, tensor data stays mapped.
public struct SafetensorsFile: Sendable {
    /// The reference reader's bound on the header length.
    public static let maximumHeaderLength: UInt64 = 100_000_000

    /// The file's path.
    public var path: String { file.path }
    /// The mapped file.
    public let file: MappedFile
    /// Tensors in data-offset order.
    public let tensors: [TensorView]
    /// The `__metadata__` string map (empty when absent).
    public let metadata: [String: String]

    /// Maps and validates `path`: header length bound, JSON shape, dtypes, duplicate names,
    /// offsets contiguous from 0 with byte counts = shape × dtype size, data ending exactly at EOF.
    public init(path: String) throws {
        try self.init(file: MappedFile(path: path))
    }

    /// Validates an already mapped file.
    public init(file: MappedFile) throws {
        self.file = file
        let path = file.path
        func fail(_ reason: WeightError.Reason) -> WeightError { WeightError(path: path, reason) }
        guard file.count >= 8 else { throw fail(.truncated("the 8-byte header length")) }
        let declared = try file.littleEndian(8, at: 0, what: "the header length")
        guard declared <= Self.maximumHeaderLength, declared <= UInt64(file.count - 8) else {
            throw fail(.headerLengthOutOfBounds(declared: declared, fileSize: file.count))
        }
        let headerLength = Int(declared)
        let headerBytes = try file.bytes(offset: 8, length: headerLength)
        guard headerBytes.first == UInt8(ascii: "{") else {
            throw fail(.malformedHeader("JSON header must start with '{'"))
        }
        if let duplicate = JSONKeyScanner.firstDuplicateTopLevelKey(headerBytes) {
            throw fail(.duplicateTensor(duplicate))
        }
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: Data(headerBytes), options: [])
        } catch {
            throw fail(.malformedHeader("JSON header does not parse"))
        }
        guard let object = json as? [String: Any] else { throw fail(.malformedHeader("JSON header is not an object")) }

        var metadata: [String: String] = [:]
        var entries: [(name: String, dtype: TensorDType, shape: [Int], begin: Int, end: Int)] = []
        for (name, value) in object {
            if name == "__metadata__" {
                guard let map = value as? [String: Any] else {
                    throw fail(.malformedHeader("__metadata__ is not an object"))
                }
                for (key, item) in map {
                    guard let text = item as? String else {
                        throw fail(.malformedHeader("__metadata__ value '\(key)' is not a string"))
                    }
                    metadata[key] = text
                }
                continue
            }
            guard let info = value as? [String: Any] else {
                throw fail(.malformedHeader("entry '\(name)' is not an object"))
            }
            guard let dtypeText = info["dtype"] as? String else {
                throw fail(.malformedHeader("tensor '\(name)' has no dtype"))
            }
            guard let dtype = TensorDType(rawValue: dtypeText) else {
                throw fail(.unknownDType(tensor: name, dtype: dtypeText))
            }
            guard let shape = Self.integers(info["shape"]), shape.allSatisfy({ $0 >= 0 }) else {
                throw fail(.malformedHeader("tensor '\(name)' has no valid shape"))
            }
            guard let offsets = Self.integers(info["data_offsets"]), offsets.count == 2, offsets[0] >= 0,
                offsets[1] >= offsets[0]
            else { throw fail(.malformedHeader("tensor '\(name)' has no valid data_offsets")) }
            entries.append((name, dtype, shape, offsets[0], offsets[1]))
        }
        entries.sort { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }

        let dataStart = 8 + headerLength
        let dataLength = file.count - dataStart
        var position = 0
        var previous = ""
        var views: [TensorView] = []
        for entry in entries {
            if entry.begin < position { throw fail(.overlappingOffsets(tensor: entry.name, previous: previous)) }
            if entry.begin > position { throw fail(.hole(before: entry.name, bytes: entry.begin - position)) }
            // Zero dimensions do not excuse the others: strides and row lengths multiply them too.
            guard let expected = TensorView.checkedByteCount(shape: entry.shape, size: entry.dtype.size) else {
                throw fail(.shapeOverflow(tensor: entry.name, shape: entry.shape))
            }
            guard expected == entry.end - entry.begin else {
                throw fail(.sizeMismatch(tensor: entry.name, expected: expected, actual: entry.end - entry.begin))
            }
            guard entry.end <= dataLength else { throw fail(.outOfBounds(tensor: entry.name)) }
            views.append(
                TensorView(
                    name: entry.name, dtype: entry.dtype, shape: entry.shape, file: file,
                    offset: dataStart + entry.begin))
            position = entry.end
            previous = entry.name
        }
        guard position == dataLength else { throw fail(.dataLengthMismatch(expected: position, actual: dataLength)) }
        self.tensors = views
        self.metadata = metadata
    }

    /// The names of all tensors, in data order.
    public var tensorNames: [String] { tensors.map(\.name) }

    /// The tensor called `name`, or nil.
    public func tensorIfPresent(_ name: String) -> TensorView? { tensors.first { $0.name == name } }

    /// The tensor called `name`; a `missingTensor` error naming the file otherwise.
    public func tensor(_ name: String) throws -> TensorView {
        guard let view = tensorIfPresent(name) else { throw WeightError(path: path, .missingTensor(name)) }
        return view
    }

    /// An array of JSON integers, or nil.
    static func integers(_ value: Any?) -> [Int]? {
        guard let array = value as? [Any] else { return nil }
        var result: [Int] = []
        for item in array {
            guard let int = item as? Int else { return nil }
            result.append(int)
        }
        return result
    }
}
