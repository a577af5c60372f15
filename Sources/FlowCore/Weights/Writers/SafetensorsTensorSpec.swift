/// One tensor of a safetensors file to be written: name, element type and shape (row-major).
public struct SafetensorsTensorSpec: Sendable, Equatable {
    /// Tensor name (header key).
    public var name: String
    /// Element type on disk.
    public var dtype: SyntheticDType
    /// Shape; `[]` is a scalar.
    public var shape: [Int]

    /// A tensor spec.
    public init(name: String, dtype: SyntheticDType, shape: [Int]) {
        self.name = name
        self.dtype = dtype
        self.shape = shape
    }

    /// Number of elements (product of the shape; 1 for a scalar).
    public var elementCount: Int { shape.reduce(1, *) }

    /// Bytes in the data buffer.
    public var byteCount: Int { elementCount * dtype.size }
}
