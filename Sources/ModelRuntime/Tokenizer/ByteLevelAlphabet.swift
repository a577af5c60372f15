/// GPT-2's reversible map from bytes to printable Unicode scalars (`bytes_to_unicode`): printable
/// Latin-1 bytes map to themselves, the other 68 to U+0100 and up, in byte order.
enum ByteLevelAlphabet {
    /// The scalar standing for each byte.
    static let scalars: [Unicode.Scalar] = {
        var printable = Set<Int>()
        for range in [33...126, 161...172, 174...255] { printable.formUnion(range) }
        var result = [Unicode.Scalar](repeating: " ", count: 256)
        var extra = 0
        for byte in 0..<256 {
            if printable.contains(byte) {
                result[byte] = Unicode.Scalar(UInt32(byte))!
            } else {
                result[byte] = Unicode.Scalar(UInt32(256 + extra))!
                extra += 1
            }
        }
        return result
    }()

    /// The byte each alphabet scalar stands for, by scalar value (−1 for scalars outside the alphabet).
    static let bytes: [Int16] = {
        var result = [Int16](repeating: -1, count: 324)
        for (byte, scalar) in scalars.enumerated() { result[Int(scalar.value)] = Int16(byte) }
        return result
    }()

    /// The byte `scalar` stands for, or nil.
    @inline(__always)
    static func byte(_ scalar: Unicode.Scalar) -> UInt8? {
        let value = Int(scalar.value)
        guard value < bytes.count, bytes[value] >= 0 else { return nil }
        return UInt8(bytes[value])
    }
}
