/// A dense row-major single-precision matrix: element (r, c) is `values[r * columns + c]`.
public struct Matrix: Sendable, Equatable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns (the row stride).
    public let columns: Int
    /// The elements, row after row (`rows * columns` of them).
    public var values: [Float]

    /// A matrix over `values` (row-major, exactly `rows * columns` elements).
    public init(rows: Int, columns: Int, values: [Float]) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must be non-negative")
        precondition(values.count == rows * columns, "matrix values must be rows × columns")
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// A matrix filled with `value`.
    public init(rows: Int, columns: Int, repeating value: Float = 0) {
        self.init(rows: rows, columns: columns, values: [Float](repeating: value, count: rows * columns))
    }

    /// Element (row, column).
    public subscript(row: Int, column: Int) -> Float {
        get { values[row * columns + column] }
        set { values[row * columns + column] = newValue }
    }

    /// One row as a slice of `values`.
    public func row(_ index: Int) -> ArraySlice<Float> {
        values[(index * columns)..<((index + 1) * columns)]
    }

    /// A copy of rows `range`.
    public func rows(_ range: Range<Int>) -> Matrix {
        precondition(range.lowerBound >= 0 && range.upperBound <= rows, "row range out of bounds")
        return Matrix(
            rows: range.count, columns: columns,
            values: Array(values[(range.lowerBound * columns)..<(range.upperBound * columns)]))
    }

    /// The transpose (a copy).
    public func transposed() -> Matrix {
        var result = Matrix(rows: columns, columns: rows)
        for r in 0..<rows {
            for c in 0..<columns { result.values[c * rows + r] = values[r * columns + c] }
        }
        return result
    }
}
