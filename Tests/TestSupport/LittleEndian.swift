/// Little-endian byte encodings for fixtures built byte by byte.
public enum LittleEndian {
    /// The low 2 bytes of `value`.
    public static func u16(_ value: Int) -> [UInt8] { (0..<2).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }

    /// The 4 bytes of `value`.
    public static func u32(_ value: UInt32) -> [UInt8] {
        (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * UInt32($0))) }
    }

    /// The 8 bytes of `value`.
    public static func u64(_ value: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
    }

    /// The low `size` bytes of `value`.
    public static func bytes(_ value: UInt64, _ size: Int) -> [UInt8] {
        (0..<size).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
    }

    /// F32 values.
    public static func f32(_ values: [Float]) -> [UInt8] { values.flatMap { u32($0.bitPattern) } }

    /// BF16 values (the top half of the F32 bits).
    public static func bf16(_ values: [Float]) -> [UInt8] { values.flatMap { u16(Int($0.bitPattern >> 16)) } }
}
