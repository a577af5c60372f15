/// A tensor inside a `MappedFile`, read in place: dtype, shape and element strides, converted to F32 on demand.
/// Rows are slices along the first dimension; strides allow Fortran order and transposed views without copying.
public struct TensorView: Sendable {
    /// Tensor name (as in the file; npz members without `.npy`).
    public let name: String
    /// Element type on disk.
    public let dtype: TensorDType
    /// Shape; `[]` is a scalar.
    public let shape: [Int]
    /// Stride of each dimension in elements.
    public let strides: [Int]
    /// True when elements are stored big-endian (npy `>f4`).
    public let bigEndian: Bool
    /// The bytes the tensor lives in.
    public let file: MappedFile
    /// Byte offset of element 0 in `file`.
    public let offset: Int

    /// A view; `strides` default to row-major (C order).
    public init(
        name: String, dtype: TensorDType, shape: [Int], file: MappedFile, offset: Int, strides: [Int]? = nil,
        bigEndian: Bool = false
    ) {
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.file = file
        self.offset = offset
        self.strides = strides ?? Self.rowMajorStrides(shape)
        self.bigEndian = bigEndian
    }

    /// Row-major element strides for `shape`.
    public static func rowMajorStrides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var step = 1
        for index in shape.indices.reversed() {
            strides[index] = step
            step *= shape[index]
        }
        return strides
    }

    /// Column-major (Fortran) element strides for `shape`.
    public static func columnMajorStrides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var step = 1
        for index in shape.indices {
            strides[index] = step
            step *= shape[index]
        }
        return strides
    }

    /// Bytes of a tensor of `shape` with `size`-byte elements, or nil when the product of its non-zero
    /// dimensions overflows `Int` (readers refuse such shapes, so every partial product used later is safe).
    public static func checkedByteCount(shape: [Int], size: Int) -> Int? {
        var product = size
        var hasZero = false
        for dimension in shape {
            guard dimension >= 0 else { return nil }
            if dimension == 0 {
                hasZero = true
                continue
            }
            let (next, overflow) = product.multipliedReportingOverflow(by: dimension)
            if overflow { return nil }
            product = next
        }
        return hasZero ? 0 : product
    }

    /// Number of elements (1 for a scalar).
    public var elementCount: Int { shape.reduce(1, *) }
    /// Bytes the elements occupy on disk.
    public var byteCount: Int { elementCount * dtype.size }
    /// Size of the first dimension (1 for a scalar).
    public var rowCount: Int { shape.first ?? 1 }
    /// Elements per row: the product of all dimensions but the first.
    public var rowLength: Int { shape.dropFirst().reduce(1, *) }
    /// Whether the elements are stored in row-major order.
    public var isRowMajor: Bool { strides == Self.rowMajorStrides(shape) || elementCount <= 1 }

    /// The 2-D view with both dimensions swapped (no copy); e.g. Llama Scope's `decoder.weight [d_in, d_sae]`.
    public func transposed() -> TensorView {
        precondition(shape.count == 2, "transposed() needs a 2-D tensor")
        return TensorView(
            name: name, dtype: dtype, shape: shape.reversed(), file: file, offset: offset,
            strides: strides.reversed(), bigEndian: bigEndian)
    }

    /// Rows `range` (along the first dimension) as F32, row-major, `range.count × rowLength` values.
    public func rows(_ range: Range<Int>) throws -> [Float] {
        var output = [Float](repeating: 0, count: range.count * rowLength)
        try output.withUnsafeMutableBufferPointer { try read(range, into: $0) }
        return output
    }

    /// Writes rows `range` (along the first dimension) as F32, row-major, into `out`
    /// (`range.count × rowLength` floats).
    public func read(_ range: Range<Int>, into out: UnsafeMutableBufferPointer<Float>) throws {
        guard dtype.isConvertible else {
            throw WeightError(path: file.path, .unsupportedDType(tensor: name, dtype: dtype.rawValue))
        }
        precondition(range.lowerBound >= 0 && range.upperBound <= rowCount, "row range outside tensor \(name)")
        let length = rowLength
        let total = range.count * length
        precondition(out.count == total, "buffer must hold the rows read")
        guard total > 0 else { return }
        let size = dtype.size
        let dtype = self.dtype
        let swap = bigEndian
        if isRowMajor {
            let start = offset + range.lowerBound * length * size
            file.withBytes(offset: start, length: total * size) { raw in Self.convert(raw, into: out, dtype, swap) }
            return
        }
        let span = Self.spanBytes(shape: shape, strides: strides, size: size)
        if shape.count == 2 {
            // A transposed matrix (e.g. Llama Scope's d_in × d_sae decoder): row by row, each a strided column.
            let (rowStride, columnStride) = (strides[0], strides[1])
            file.withBytes(offset: offset, length: span) { raw in
                for (position, row) in range.enumerated() {
                    for column in 0..<length {
                        out[position * length + column] = Self.load(
                            raw, at: (row * rowStride + column * columnStride) * size, dtype, swap)
                    }
                }
            }
            return
        }
        // Strided in more dimensions: gather element by element.
        file.withBytes(offset: offset, length: span) { raw in
            var index = [Int](repeating: 0, count: shape.count)
            if !shape.isEmpty { index[0] = range.lowerBound }
            for position in 0..<total {
                var element = 0
                for axis in index.indices { element += index[axis] * strides[axis] }
                out[position] = Self.load(raw, at: element * size, dtype, swap)
                // Odometer over the trailing dimensions, then the row.
                var axis = shape.count - 1
                while axis >= 0 {
                    index[axis] += 1
                    if axis == 0 || index[axis] < shape[axis] { break }
                    index[axis] = 0
                    axis -= 1
                }
            }
        }
    }

    /// Every element as F32, in row-major order.
    public func floats() throws -> [Float] { try rows(0..<rowCount) }

    /// The value of a one-element tensor as an integer (e.g. a stored `k`).
    public func scalarInt() throws -> Int {
        guard elementCount == 1 else {
            throw WeightError(path: file.path, .wrongShape(tensor: name, expected: [], actual: shape))
        }
        switch dtype {
        case .i64, .i32:
            let value = try file.littleEndian(dtype.size, at: offset, what: "tensor \(name)")
            let raw =
                bigEndian
                ? (dtype == .i64 ? value.byteSwapped : UInt64(UInt32(truncatingIfNeeded: value).byteSwapped)) : value
            return dtype == .i64 ? Int(Int64(bitPattern: raw)) : Int(Int32(truncatingIfNeeded: raw))
        default:
            let value = try floats()[0]
            guard let integer = Int(exactly: value.rounded(.towardZero)) else {
                throw WeightError(path: file.path, .notAnInteger(tensor: name, value: "\(value)"))
            }
            return integer
        }
    }

    /// Bytes from element 0 to the end of the last element for these strides.
    static func spanBytes(shape: [Int], strides: [Int], size: Int) -> Int {
        guard !shape.contains(0) else { return 0 }
        var last = 0
        for axis in shape.indices { last += (shape[axis] - 1) * strides[axis] }
        return (last + 1) * size
    }

    /// One element at byte `position`, converted to F32.
    @inline(__always)
    /// Converts contiguous elements to F32, with the dtype decided once rather than per element.
    static func convert(
        _ raw: UnsafeRawBufferPointer, into out: UnsafeMutableBufferPointer<Float>, _ dtype: TensorDType, _ swap: Bool
    ) {
        switch (dtype, swap) {
        case (.f32, false):
            UnsafeMutableRawBufferPointer(out).copyMemory(from: raw)
        case (.bf16, false):
            for index in out.indices {
                let bits = raw.loadUnaligned(fromByteOffset: 2 * index, as: UInt16.self)
                out[index] = Float(bitPattern: UInt32(bits) << 16)
            }
        default:
            let size = dtype.size
            for index in out.indices { out[index] = load(raw, at: index * size, dtype, swap) }
        }
    }

    static func load(_ raw: UnsafeRawBufferPointer, at position: Int, _ dtype: TensorDType, _ swap: Bool) -> Float {
        switch dtype {
        case .f32:
            let bits = raw.loadUnaligned(fromByteOffset: position, as: UInt32.self)
            return Float(bitPattern: swap ? bits.byteSwapped : bits)
        case .bf16:
            let bits = raw.loadUnaligned(fromByteOffset: position, as: UInt16.self)
            return Float(bitPattern: UInt32(swap ? bits.byteSwapped : bits) << 16)
        case .f16:
            let bits = raw.loadUnaligned(fromByteOffset: position, as: UInt16.self)
            return Float(Float16(bitPattern: swap ? bits.byteSwapped : bits))
        case .f64:
            let bits = raw.loadUnaligned(fromByteOffset: position, as: UInt64.self)
            return Float(Double(bitPattern: swap ? bits.byteSwapped : bits))
        case .i32:
            let bits = raw.loadUnaligned(fromByteOffset: position, as: UInt32.self)
            return Float(Int32(bitPattern: swap ? bits.byteSwapped : bits))
        case .i64:
            let bits = raw.loadUnaligned(fromByteOffset: position, as: UInt64.self)
            return Float(Int64(bitPattern: swap ? bits.byteSwapped : bits))
        default:
            return .nan
        }
    }
}
