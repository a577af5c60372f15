/// A ggml tensor type as stored in GGUF: its id, name and block geometry (ggml.h / ggml.c `type_traits`).
public struct GGMLType: Sendable, Equatable {
    /// The id stored in the tensor info.
    public let id: UInt32
    /// llama.cpp's name (e.g. `Q4_K`).
    public let name: String
    /// Values per block.
    public let blockSize: Int
    /// Bytes per block.
    public let blockBytes: Int

    /// The type with id `id`, or nil when the reader does not know it.
    public static func known(_ id: UInt32) -> GGMLType? { table[id] }

    /// How the runtime decodes this type, or nil when it cannot.
    public var weightType: WeightType? {
        switch id {
        case 0: return .f32
        case 1: return .f16
        case 30: return .bf16
        case 8: return .q8_0
        case 2: return .q4_0
        case 3: return .q4_1
        case 12: return .q4_K
        case 14: return .q6_K
        default: return nil
        }
    }

    /// Bytes of one row of `columns` values (a multiple of `blockSize`).
    public func rowBytes(columns: Int) -> Int { columns / blockSize * blockBytes }

    private static let table: [UInt32: GGMLType] = {
        let entries: [(UInt32, String, Int, Int)] = [
            (0, "F32", 1, 4), (1, "F16", 1, 2), (2, "Q4_0", 32, 18), (3, "Q4_1", 32, 20), (6, "Q5_0", 32, 22),
            (7, "Q5_1", 32, 24), (8, "Q8_0", 32, 34), (9, "Q8_1", 32, 40), (10, "Q2_K", 256, 84),
            (11, "Q3_K", 256, 110), (12, "Q4_K", 256, 144), (13, "Q5_K", 256, 176), (14, "Q6_K", 256, 210),
            (15, "Q8_K", 256, 292), (16, "IQ2_XXS", 256, 66), (17, "IQ2_XS", 256, 74), (18, "IQ3_XXS", 256, 98),
            (19, "IQ1_S", 256, 50), (20, "IQ4_NL", 32, 18), (21, "IQ3_S", 256, 110), (22, "IQ2_S", 256, 82),
            (23, "IQ4_XS", 256, 136), (24, "I8", 1, 1), (25, "I16", 1, 2), (26, "I32", 1, 4), (27, "I64", 1, 8),
            (28, "F64", 1, 8), (29, "IQ1_M", 256, 56), (30, "BF16", 1, 2), (34, "TQ1_0", 256, 54),
            (35, "TQ2_0", 256, 66), (39, "MXFP4", 32, 17), (40, "NVFP4", 64, 36), (41, "Q1_0", 128, 18),
        ]
        var table: [UInt32: GGMLType] = [:]
        for (id, name, size, bytes) in entries {
            table[id] = GGMLType(id: id, name: name, blockSize: size, blockBytes: bytes)
        }
        return table
    }()
}
