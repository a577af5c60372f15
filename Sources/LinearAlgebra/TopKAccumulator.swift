import CVectorKernels
import Dispatch

/// The k best (value, index) pairs of each of `rows` rows, kept sorted while values stream in.
///
/// Order: larger value first; equal values by lower index (deterministic whatever the order in
/// which candidates arrive). NaN values are never kept. A row that has seen fewer than k
/// candidates keeps fewer (see `count(row:)`); empty slots hold `-infinity` and `Int32.max`.
public struct TopKAccumulator: Sendable, Equatable {
    /// How many candidates each row keeps.
    public let k: Int
    /// Number of rows.
    public let rows: Int
    /// `rows × k` values, best first in each row.
    public internal(set) var values: [Float]
    /// `rows × k` candidate indices matching `values`.
    public internal(set) var indices: [Int32]

    /// The index stored in an empty slot.
    public static let emptyIndex = Int32.max

    /// An accumulator with every slot empty.
    public init(rows: Int, k: Int) {
        precondition(rows >= 0 && k >= 0, "rows and k must be non-negative")
        self.k = k
        self.rows = rows
        values = [Float](repeating: -.infinity, count: rows * k)
        indices = [Int32](repeating: Self.emptyIndex, count: rows * k)
    }

    /// Number of filled slots of `row` (≤ k).
    public func count(row: Int) -> Int {
        var n = 0
        while n < k && indices[row * k + n] != Self.emptyIndex { n += 1 }
        return n
    }

    /// The kept (index, value) pairs of `row`, best first.
    public func best(row: Int) -> [(index: Int, value: Float)] {
        (0..<count(row: row)).map { (Int(indices[row * k + $0]), values[row * k + $0]) }
    }

    /// Offers candidate `index` with `value` to `row`.
    public mutating func offer(row: Int, index: Int, value: Float) {
        guard k > 0 else { return }
        let k = self.k
        values.withUnsafeMutableBufferPointer { v in
            indices.withUnsafeMutableBufferPointer { i in
                Self.insert(v.baseAddress! + row * k, i.baseAddress! + row * k, k, value, Int32(index))
            }
        }
    }

    /// Offers every element of a row-major tile: element (r, j) is candidate `columnOffset + j`
    /// of row `rowOffset + r` (the top-k of each row of a product).
    public mutating func absorbRows(of tile: Matrix, rowOffset: Int, columnOffset: Int) {
        tile.values.withUnsafeBufferPointer { t in
            absorbRows(
                t.baseAddress, rows: tile.rows, columns: tile.columns, stride: tile.columns,
                rowOffset: rowOffset, columnOffset: columnOffset)
        }
    }

    /// Offers every element of a row-major tile by column: element (r, j) is candidate
    /// `rowOffset + r` of row `columnOffset + j` (the top-k of each column of a product).
    public mutating func absorbColumns(of tile: Matrix, rowOffset: Int, columnOffset: Int) {
        tile.values.withUnsafeBufferPointer { t in
            absorbColumns(
                t.baseAddress, rows: tile.rows, columns: tile.columns, stride: tile.columns,
                rowOffset: rowOffset, columnOffset: columnOffset)
        }
    }

    /// Pointer form of `absorbRows(of:rowOffset:columnOffset:)`, for a tile with row stride `stride`.
    mutating func absorbRows(
        _ tile: UnsafePointer<Float>?, rows tileRows: Int, columns: Int, stride: Int, rowOffset: Int,
        columnOffset: Int, threads: Int = 1
    ) {
        guard k > 0, tileRows > 0, columns > 0, let tile else { return }
        precondition(rowOffset >= 0 && rowOffset + tileRows <= rows, "tile rows out of bounds")
        let k = self.k
        values.withUnsafeMutableBufferPointer { vb in
            indices.withUnsafeMutableBufferPointer { ib in
                // Workers take disjoint rows; each row sees its candidates in the same order as serially.
                Parallel.forEachPart(tileRows, threads: threads, minimum: 64) { part in
                    Self.absorbRowsSerial(
                        vb.baseAddress!, ib.baseAddress!, k, tile + part.lowerBound * stride, rows: part.count,
                        columns: columns, stride: stride, rowOffset: rowOffset + part.lowerBound,
                        columnOffset: columnOffset)
                }
            }
        }
    }

    static func absorbRowsSerial(
        _ vBase: UnsafeMutablePointer<Float>, _ iBase: UnsafeMutablePointer<Int32>, _ k: Int,
        _ tile: UnsafePointer<Float>, rows tileRows: Int, columns: Int, stride: Int, rowOffset: Int,
        columnOffset: Int
    ) {
        for r in 0..<tileRows {
            let v = vBase + (rowOffset + r) * k
            let ix = iBase + (rowOffset + r) * k
            let row = tile + r * stride
            // Jump from one element that can enter (≥ the current worst) to the next: most cannot.
            var j = ff_first_at_least(row, columns, v[k - 1])
            while j < columns {
                Self.insert(v, ix, k, row[j], Int32(truncatingIfNeeded: columnOffset + j))
                j += 1
                j += ff_first_at_least(row + j, columns - j, v[k - 1])
            }
        }
    }

    /// Pointer form of `absorbColumns(of:rowOffset:columnOffset:)`.
    mutating func absorbColumns(
        _ tile: UnsafePointer<Float>?, rows tileRows: Int, columns: Int, stride: Int, rowOffset: Int,
        columnOffset: Int, threads: Int = 1
    ) {
        guard k > 0, tileRows > 0, columns > 0, let tile else { return }
        precondition(columnOffset >= 0 && columnOffset + columns <= rows, "tile columns out of bounds")
        let k = self.k
        values.withUnsafeMutableBufferPointer { vb in
            indices.withUnsafeMutableBufferPointer { ib in
                // Workers take disjoint columns; each column sees the rows in the same order as serially.
                Parallel.forEachPart(columns, threads: threads, minimum: 256) { part in
                    Self.absorbColumnsSerial(
                        vb.baseAddress!, ib.baseAddress!, k, tile + part.lowerBound, rows: tileRows,
                        columns: part.count, stride: stride, rowOffset: rowOffset,
                        columnOffset: columnOffset + part.lowerBound)
                }
            }
        }
    }

    static func absorbColumnsSerial(
        _ vBase: UnsafeMutablePointer<Float>, _ iBase: UnsafeMutablePointer<Int32>, _ k: Int,
        _ tile: UnsafePointer<Float>, rows tileRows: Int, columns: Int, stride: Int, rowOffset: Int,
        columnOffset: Int
    ) {
        let v0 = vBase + columnOffset * k
        let i0 = iBase + columnOffset * k
        // The current worst value of each column, contiguous, so a row is screened in one vector scan.
        var worst = [Float](repeating: 0, count: columns)
        for j in 0..<columns { worst[j] = v0[j * k + k - 1] }
        worst.withUnsafeMutableBufferPointer { w in
            let bars = w.baseAddress!
            for r in 0..<tileRows {
                let row = tile + r * stride
                let candidate = Int32(truncatingIfNeeded: rowOffset + r)
                var j = ff_first_at_least_each(row, bars, columns)
                while j < columns {
                    Self.insert(v0 + j * k, i0 + j * k, k, row[j], candidate)
                    bars[j] = v0[j * k + k - 1]
                    j += 1
                    j += ff_first_at_least_each(row + j, bars + j, columns - j)
                }
            }
        }
    }

    /// Inserts (x, index) into the sorted slots `v[0..<k]`, `ix[0..<k]`, dropping the last one,
    /// when it beats the last one.
    @inline(__always)
    static func insert(
        _ v: UnsafeMutablePointer<Float>, _ ix: UnsafeMutablePointer<Int32>, _ k: Int, _ x: Float, _ index: Int32
    ) {
        guard x > v[k - 1] || (x == v[k - 1] && index < ix[k - 1]) else { return }
        var p = k - 1
        while p > 0 && (x > v[p - 1] || (x == v[p - 1] && index < ix[p - 1])) {
            v[p] = v[p - 1]
            ix[p] = ix[p - 1]
            p -= 1
        }
        v[p] = x
        ix[p] = index
    }
}
