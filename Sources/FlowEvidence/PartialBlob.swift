import Foundation

/// Arrays stored in a partial evidence file as little-endian blobs (8-byte integers and doubles, 4-byte
/// floats and integers); decoding checks the length.
enum PartialBlob {
    static func bytes(_ values: [Int]) -> [UInt8] {
        values.map { Int64($0).littleEndian }.withUnsafeBytes { Array($0) }
    }

    static func bytes(_ values: [Double]) -> [UInt8] {
        values.map { $0.bitPattern.littleEndian }.withUnsafeBytes { Array($0) }
    }

    static func bytes(_ values: [Float]) -> [UInt8] {
        values.map { $0.bitPattern.littleEndian }.withUnsafeBytes { Array($0) }
    }

    static func bytes(_ values: [Int32]) -> [UInt8] {
        values.map { $0.littleEndian }.withUnsafeBytes { Array($0) }
    }

    static func ints(_ bytes: [UInt8], count: Int) -> [Int]? {
        guard bytes.count == count * 8 else { return nil }
        return load(bytes, count, Int64.self).map { Int(Int64(littleEndian: $0)) }
    }

    static func doubles(_ bytes: [UInt8], count: Int) -> [Double]? {
        guard bytes.count == count * 8 else { return nil }
        return load(bytes, count, UInt64.self).map { Double(bitPattern: UInt64(littleEndian: $0)) }
    }

    static func floats(_ bytes: [UInt8], count: Int) -> [Float]? {
        guard bytes.count == count * 4 else { return nil }
        return load(bytes, count, UInt32.self).map { Float(bitPattern: UInt32(littleEndian: $0)) }
    }

    static func int32s(_ bytes: [UInt8], count: Int) -> [Int32]? {
        guard bytes.count == count * 4 else { return nil }
        return load(bytes, count, Int32.self).map { Int32(littleEndian: $0) }
    }

    private static func load<T: FixedWidthInteger>(_ bytes: [UInt8], _ count: Int, _ type: T.Type) -> [T] {
        var values = [T](repeating: 0, count: count)
        values.withUnsafeMutableBytes { target in bytes.withUnsafeBytes { target.copyMemory(from: $0) } }
        return values
    }
}
