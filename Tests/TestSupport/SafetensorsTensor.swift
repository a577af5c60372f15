/// A tensor to write into a safetensors file: dtype name, shape and raw little-endian bytes.
public struct SafetensorsTensor {
    /// The tensor's name in the header.
    public var name: String
    /// The safetensors dtype (`F32`, `BF16`, `F16`, or anything for malformed fixtures).
    public var dtype: String
    /// The shape written into the header.
    public var shape: [Int]
    /// The stored bytes.
    public var bytes: [UInt8]

    /// A tensor with every field given.
    public init(name: String, dtype: String, shape: [Int], bytes: [UInt8]) {
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.bytes = bytes
    }

    /// An F32 tensor.
    public static func f32(_ name: String, _ shape: [Int], _ values: [Float]) -> SafetensorsTensor {
        SafetensorsTensor(name: name, dtype: "F32", shape: shape, bytes: LittleEndian.f32(values))
    }

    /// An F16 tensor (values must be F16-exact for the expectation to be the input).
    public static func f16(_ name: String, _ shape: [Int], _ values: [Float]) -> SafetensorsTensor {
        SafetensorsTensor(
            name: name, dtype: "F16", shape: shape,
            bytes: values.flatMap { LittleEndian.u16(Int(Float16($0).bitPattern)) })
    }

    /// A BF16 tensor (values must be BF16-exact).
    public static func bf16(_ name: String, _ shape: [Int], _ values: [Float]) -> SafetensorsTensor {
        SafetensorsTensor(name: name, dtype: "BF16", shape: shape, bytes: LittleEndian.bf16(values))
    }
}
