/// The header of a `.npy` array (v1.0/2.0/3.0): dtype, order, shape, and where the data starts.
public struct NpyHeader: Equatable, Sendable {
    /// The `descr` string as written, e.g. `<f4`.
    public var descr: String
    /// True for column-major (Fortran) data.
    public var fortranOrder: Bool
    /// The array shape; `[]` for a scalar.
    public var shape: [Int]
    /// Bytes from the start of the .npy to its data.
    public var dataOffset: Int

    /// Parses the header of the .npy that occupies `length` bytes at `start` of `file`; `name` is used in errors.
    public static func parse(in file: MappedFile, at start: Int, length: Int, name: String) throws -> NpyHeader {
        func fail(_ why: String) -> WeightError { WeightError(path: file.path, .malformedHeader("\(name): \(why)")) }
        guard length >= 10, file.contains(offset: start, length: 10) else {
            throw WeightError(path: file.path, .truncated("the .npy preamble of \(name)"))
        }
        let magic = try file.bytes(offset: start, length: 8)
        guard magic[0] == 0x93, Array(magic[1..<6]) == Array("NUMPY".utf8) else { throw fail("not a .npy (bad magic)") }
        let major = magic[6]
        let headerLength: Int
        let preamble: Int
        switch major {
        case 1:
            headerLength = Int(try file.littleEndian(2, at: start + 8, what: "the .npy header length of \(name)"))
            preamble = 10
        case 2, 3:
            headerLength = Int(try file.littleEndian(4, at: start + 8, what: "the .npy header length of \(name)"))
            preamble = 12
        default:
            throw fail("unsupported .npy version \(major).\(magic[7])")
        }
        guard headerLength <= length - preamble, file.contains(offset: start + preamble, length: headerLength) else {
            throw WeightError(path: file.path, .truncated("the .npy header of \(name)"))
        }
        let text = String(decoding: try file.bytes(offset: start + preamble, length: headerLength), as: UTF8.self)
        var parser = PythonLiteralParser(text: text)
        guard case .dict(let dict)? = try? parser.parseValue() else {
            throw fail("header is not a Python dict literal")
        }
        guard let descrValue = dict["descr"] else { throw fail("header has no 'descr'") }
        guard case .string(let descr) = descrValue else {
            throw WeightError(
                path: file.path, .unsupportedDType(tensor: name, dtype: "structured dtype (descr is a list)"))
        }
        guard case .bool(let fortran)? = dict["fortran_order"] else {
            throw fail("header has no boolean 'fortran_order'")
        }
        guard case .tuple(let items)? = dict["shape"] else { throw fail("header has no 'shape' tuple") }
        var shape: [Int] = []
        for item in items {
            guard case .int(let dimension) = item, dimension >= 0 else { throw fail("shape holds a non-integer") }
            shape.append(dimension)
        }
        return NpyHeader(descr: descr, fortranOrder: fortran, shape: shape, dataOffset: preamble + headerLength)
    }

    /// The tensor dtype and byte order for `descr`; object and unknown dtypes are refused.
    public func dtype(path: String, name: String) throws -> (TensorDType, bigEndian: Bool) {
        let code = String(descr.dropFirst())
        if code.hasPrefix("O") {
            throw WeightError(
                path: path, .unsupportedDType(tensor: name, dtype: "\(descr) (object arrays are Python pickles)"))
        }
        let table: [String: TensorDType] = [
            "f4": .f32, "f2": .f16, "f8": .f64, "i4": .i32, "i8": .i64, "i2": .i16, "i1": .i8,
            "u1": .u8, "u2": .u16, "u4": .u32, "u8": .u64, "b1": .bool,
        ]
        guard let order = descr.first, let dtype = table[code], "<>|=".contains(order) else {
            throw WeightError(path: path, .unknownDType(tensor: name, dtype: descr))
        }
        return (dtype, order == ">")
    }

    /// A view of the array data that follows this header (`start` = where the .npy begins in `file`).
    public func view(in file: MappedFile, at start: Int, length: Int, name: String) throws -> TensorView {
        let (dtype, bigEndian) = try dtype(path: file.path, name: name)
        guard TensorView.checkedByteCount(shape: shape, size: dtype.size) != nil else {
            throw WeightError(path: file.path, .shapeOverflow(tensor: name, shape: shape))
        }
        let view = TensorView(
            name: name, dtype: dtype, shape: shape, file: file, offset: start + dataOffset,
            strides: fortranOrder ? TensorView.columnMajorStrides(shape) : nil, bigEndian: bigEndian)
        let available = length - dataOffset
        if view.byteCount != available {
            if view.byteCount > available { throw WeightError(path: file.path, .truncated("the data of \(name)")) }
            throw WeightError(path: file.path, .sizeMismatch(tensor: name, expected: view.byteCount, actual: available))
        }
        return view
    }
}
