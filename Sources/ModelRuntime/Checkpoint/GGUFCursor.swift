/// A bounds-checked little-endian reader over a GGUF file's bytes: every read that would pass the end
/// throws `truncated` naming the file and what was being read.
struct GGUFCursor {
    /// The bytes (the whole mapped file).
    let bytes: UnsafeRawBufferPointer
    /// The file, for errors.
    let path: String
    /// Next byte to read.
    var position = 0

    /// Bytes left after `position`.
    var remaining: Int { bytes.count - position }

    private func fail(_ reason: CheckpointError.Reason) -> CheckpointError { CheckpointError(path: path, reason) }

    /// Checks that `count` more bytes exist.
    func need(_ count: Int, _ what: @autoclosure () -> String) throws {
        guard count >= 0, count <= remaining else { throw fail(.truncated(what())) }
    }

    /// An unsigned little-endian integer of `size` bytes.
    mutating func unsigned(_ size: Int, _ what: @autoclosure () -> String) throws -> UInt64 {
        try need(size, what())
        var value: UInt64 = 0
        for index in (0..<size).reversed() { value = value << 8 | UInt64(bytes[position + index]) }
        position += size
        return value
    }

    /// A `u32`.
    mutating func u32(_ what: @autoclosure () -> String) throws -> UInt32 {
        UInt32(truncatingIfNeeded: try unsigned(4, what()))
    }

    /// A `u64`.
    mutating func u64(_ what: @autoclosure () -> String) throws -> UInt64 { try unsigned(8, what()) }

    /// A `u64` count of items each at least `minimumSize` bytes long, checked against the bytes left.
    mutating func count(_ what: @autoclosure () -> String, minimumSize: Int) throws -> Int {
        let label = what()
        let value = try u64(label + " count")
        guard value <= UInt64(remaining / max(minimumSize, 1)) else {
            throw fail(.absurdCount(what: label, count: value))
        }
        return Int(value)
    }

    /// A GGUF string: `u64` length and UTF-8 bytes (invalid sequences replaced by U+FFFD).
    mutating func string(_ what: @autoclosure () -> String) throws -> String {
        let label = what()
        let length = try u64(label + " length")
        guard length <= UInt64(remaining) else { throw fail(.truncated(label)) }
        let start = position
        position += Int(length)
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
    }

    /// A metadata value of type `type` (nested arrays up to `depth` levels).
    mutating func value(type: UInt32, key: String, depth: Int = 0) throws -> GGUFValue {
        let what = "metadata '\(key)'"
        switch type {
        case 0: return .unsigned(try unsigned(1, what))
        case 1: return .signed(Int64(Int8(truncatingIfNeeded: try unsigned(1, what))))
        case 2: return .unsigned(try unsigned(2, what))
        case 3: return .signed(Int64(Int16(truncatingIfNeeded: try unsigned(2, what))))
        case 4: return .unsigned(try unsigned(4, what))
        case 5: return .signed(Int64(Int32(truncatingIfNeeded: try unsigned(4, what))))
        case 6: return .float(Double(Float(bitPattern: UInt32(truncatingIfNeeded: try unsigned(4, what)))))
        case 7: return .bool(try unsigned(1, what) != 0)
        case 8: return .string(try string(what))
        case 9:
            guard depth < 4 else { throw fail(.badMetadata("\(what) nests arrays more than 4 deep")) }
            let elementType = try u32(what + " element type")
            let size = Self.minimumSize(elementType)
            guard size > 0 else { throw fail(.unknownValueType(key: key, type: elementType)) }
            let count = try count(what, minimumSize: size)
            var elements: [GGUFValue] = []
            elements.reserveCapacity(count)
            for _ in 0..<count { elements.append(try value(type: elementType, key: key, depth: depth + 1)) }
            return .array(elements)
        case 10: return .unsigned(try unsigned(8, what))
        case 11: return .signed(Int64(bitPattern: try unsigned(8, what)))
        case 12: return .float(Double(bitPattern: try unsigned(8, what)))
        default: throw fail(.unknownValueType(key: key, type: type))
        }
    }

    /// Smallest encoded size of a value of `type` (0 for an unknown type).
    static func minimumSize(_ type: UInt32) -> Int {
        switch type {
        case 0, 1, 7: return 1
        case 2, 3: return 2
        case 4, 5, 6: return 4
        case 8, 10, 11, 12: return 8
        case 9: return 12
        default: return 0
        }
    }
}
