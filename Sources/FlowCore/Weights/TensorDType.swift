/// Element types of stored tensors that featureflow recognises (safetensors names; npy descr maps onto them).
public enum TensorDType: String, Sendable, Codable, CaseIterable {
    case f64 = "F64", f32 = "F32", f16 = "F16", bf16 = "BF16"
    case i64 = "I64", i32 = "I32", i16 = "I16", i8 = "I8"
    case u64 = "U64", u32 = "U32", u16 = "U16", u8 = "U8", bool = "BOOL"
    case f8e5m2 = "F8_E5M2", f8e4m3 = "F8_E4M3", f8e8m0 = "F8_E8M0", f8e4m3fnuz = "F8_E4M3FNUZ"
    case f8e5m2fnuz = "F8_E5M2FNUZ", c64 = "C64"

    /// Bytes per element.
    public var size: Int {
        switch self {
        case .f64, .i64, .u64, .c64: return 8
        case .f32, .i32, .u32: return 4
        case .f16, .bf16, .i16, .u16: return 2
        case .i8, .u8, .bool, .f8e5m2, .f8e4m3, .f8e8m0, .f8e4m3fnuz, .f8e5m2fnuz: return 1
        }
    }

    /// Whether featureflow converts this type to F32 (floats; integers for scalar buffers such as `k`).
    public var isConvertible: Bool {
        switch self {
        case .f64, .f32, .f16, .bf16, .i64, .i32: return true
        default: return false
        }
    }
}
