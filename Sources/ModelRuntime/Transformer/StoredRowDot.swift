import CVectorKernels

/// Dot products of a stored weight row with an F32 vector, computed on the stored type (no F32 copy
/// of the row): what a batch-1 decoding step needs, where reading the weights is the cost. A
/// checkpoint reader offers them through `WeightMatrix.rowDot`. The kernels are C with AVX2/FMA/F16C
/// (CVectorKernels/CStoredRowDot.c; SSE2 or a plain loop on other CPUs); results equal decoding the row to F32
/// and summing, up to rounding (another summation order: about 1e-6 relative).
public enum StoredRowDot {
    /// Whether `dot` handles `type` (F32, BF16, Q8_0, Q4_1).
    public static func supports(_ type: WeightType) -> Bool {
        switch type {
        case .f32, .bf16, .q8_0, .q4_1: true
        default: false
        }
    }

    /// The `ff_rows_dot` type code for `type`, or nil when unsupported.
    static func kernel(_ type: WeightType) -> Int32? {
        switch type {
        case .f32: Int32(FF_STORED_F32)
        case .bf16: Int32(FF_STORED_BF16)
        case .q8_0: Int32(FF_STORED_Q8_0)
        case .q4_1: Int32(FF_STORED_Q4_1)
        default: nil
        }
    }

    /// `Σ row[i] · x[i]` over `count` values of a row stored as `type` at `row` (ggml's layouts for
    /// the block types, `count` then a multiple of 32). Only for types `supports` accepts.
    public static func dot(_ type: WeightType, _ row: UnsafeRawPointer, _ x: UnsafePointer<Float>, count: Int) -> Float
    {
        let bytes = row.assumingMemoryBound(to: UInt8.self)
        switch type {
        case .f32: return ff_dot_f32(bytes, x, count)
        case .bf16: return ff_dot_bf16(bytes, x, count)
        case .q8_0: return ff_dot_q8_0(bytes, x, count)
        case .q4_1: return ff_dot_q4_1(bytes, x, count)
        default: preconditionFailure("StoredRowDot: \(type) is not supported")
        }
    }
}
