/// The decoder of one SAE seen as `rows` feature vectors of `columns` (= d_in) floats each.
/// Reading goes through a closure so the storage can be an mmap'd file in any dtype/orientation
/// (converted to F32 on the fly) or plain memory in tests.
public struct DecoderMatrix: Sendable {
    /// Number of features (d_sae).
    public let rows: Int
    /// Width of each feature vector (d_in).
    public let columns: Int
    private let read: @Sendable (Range<Int>) throws -> [Float]

    /// A decoder whose rows come from `read`, which returns `range.count * columns` floats, row-major.
    public init(rows: Int, columns: Int, read: @escaping @Sendable (Range<Int>) throws -> [Float]) {
        self.rows = rows
        self.columns = columns
        self.read = read
    }

    /// An in-memory decoder (row-major `rows × columns`).
    public init(rows: Int, columns: Int, values: [Float]) {
        precondition(values.count == rows * columns, "decoder values must be rows × columns")
        self.init(rows: rows, columns: columns) { range in
            Array(values[(range.lowerBound * columns)..<(range.upperBound * columns)])
        }
    }

    /// Rows `range` as F32, row-major (`range.count × columns`).
    public func rows(_ range: Range<Int>) throws -> [Float] {
        precondition(range.lowerBound >= 0 && range.upperBound <= rows, "row range out of bounds")
        return try read(range)
    }

    /// One feature vector.
    public func row(_ index: Int) throws -> [Float] { try rows(index..<(index + 1)) }
}
