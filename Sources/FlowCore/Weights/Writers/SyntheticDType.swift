/// Element types the safetensors writer emits.
public enum SyntheticDType: String, Sendable, Codable, CaseIterable {
    /// IEEE-754 binary32, little-endian.
    case f32 = "F32"
    /// bfloat16: the top 16 bits of a float32, rounded to nearest even.
    case bf16 = "BF16"

    /// Bytes per element.
    public var size: Int { self == .f32 ? 4 : 2 }

    /// The SAELens `cfg.json` dtype name.
    public var saeLensName: String { self == .f32 ? "float32" : "bfloat16" }

    /// `value` rounded to this dtype's precision (what a reader will decode from the file).
    public func rounded(_ value: Float) -> Float {
        self == .f32 ? value : Float(bitPattern: UInt32(Self.bf16Bits(value)) << 16)
    }

    /// bfloat16 bits of `value`, round to nearest even (NaN kept quiet).
    public static func bf16Bits(_ value: Float) -> UInt16 {
        let bits = value.bitPattern
        if value.isNaN { return UInt16(bits >> 16) | 0x0040 }
        let rounding = UInt32(0x7FFF) + ((bits >> 16) & 1)
        return UInt16((bits &+ rounding) >> 16)
    }

    /// Little-endian bytes of `values` in this dtype.
    public func encode(_ values: ArraySlice<Float>) -> [UInt8] {
        switch self {
        case .f32:
            let littleEndian = values.map { $0.bitPattern.littleEndian }
            return littleEndian.withUnsafeBytes { Array($0) }
        case .bf16:
            let halves = values.map { Self.bf16Bits($0).littleEndian }
            return halves.withUnsafeBytes { Array($0) }
        }
    }
}
