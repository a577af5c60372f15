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
                Self.split(tileRows, threads: threads, minimum: 64) { part in
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
        do {
            do {
                for r in 0..<tileRows {
                    let v = vBase + (rowOffset + r) * k
                    let ix = iBase + (rowOffset + r) * k
                    let row = tile + r * stride
                    var worst = v[k - 1]
                    var worstIndex = ix[k - 1]
                    var j = 0
                    // Eight at a time: most blocks hold nothing that can enter (NaN compares false too).
                    while j + 8 <= columns {
                        let block = row + j
                        if Self.anyAtLeast(block, worst) {
                            for t in 0..<8 {
                                let x = block[t]
                                let index = Int32(truncatingIfNeeded: columnOffset + j + t)
                                if x > worst || (x == worst && index < worstIndex) {
                                    Self.insert(v, ix, k, x, index)
                                    worst = v[k - 1]
                                    worstIndex = ix[k - 1]
                                }
                            }
                        }
                        j += 8
                    }
                    while j < columns {
                        let x = row[j]
                        if x > worst || (x == worst && Int32(truncatingIfNeeded: columnOffset + j) < worstIndex) {
                            Self.insert(v, ix, k, x, Int32(truncatingIfNeeded: columnOffset + j))
                            worst = v[k - 1]
                            worstIndex = ix[k - 1]
                        }
                        j += 1
                    }
                }
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
                Self.split(columns, threads: threads, minimum: 256) { part in
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
        do {
            do {
                let v0 = vBase + columnOffset * k
                let i0 = iBase + columnOffset * k
                // The current worst value of each column, contiguous, for eight-at-a-time screening.
                var worst = [Float](repeating: 0, count: columns)
                for j in 0..<columns { worst[j] = v0[j * k + k - 1] }
                worst.withUnsafeMutableBufferPointer { w in
                    for r in 0..<tileRows {
                        let row = tile + r * stride
                        let candidate = Int32(truncatingIfNeeded: rowOffset + r)
                        var j = 0
                        while j + 8 <= columns {
                            let block = row + j
                            if Self.anyAtLeast(block, w.baseAddress! + j) {
                                for t in 0..<8 {
                                    let slot = (j + t) * k + k - 1
                                    let x = block[t]
                                    if x > v0[slot] || (x == v0[slot] && candidate < i0[slot]) {
                                        Self.insert(v0 + (j + t) * k, i0 + (j + t) * k, k, x, candidate)
                                        w[j + t] = v0[slot]
                                    }
                                }
                            }
                            j += 8
                        }
                        while j < columns {
                            let x = row[j]
                            let slot = j * k + k - 1
                            if x > v0[slot] || (x == v0[slot] && candidate < i0[slot]) {
                                Self.insert(v0 + j * k, i0 + j * k, k, x, candidate)
                                w[j] = v0[slot]
                            }
                            j += 1
                        }
                    }
                }
            }
        }
    }

    /// Whether any of the 8 values at `x` is ≥ `bar` (false for NaN). Written as an OR of scalar
    /// compares, which the optimiser turns into one vector compare; `any(SIMD8 .>= SIMD8)` measured
    /// about 15× slower per element (generic mask reduction).
    @inline(__always)
    static func anyAtLeast(_ x: UnsafePointer<Float>, _ bar: Float) -> Bool {
        @inline(__always) func ge(_ a: Float) -> UInt8 { a >= bar ? 1 : 0 }
        return (ge(x[0]) | ge(x[1]) | ge(x[2]) | ge(x[3]) | ge(x[4]) | ge(x[5]) | ge(x[6]) | ge(x[7])) != 0
    }

    /// Whether any of the 8 values at `x` is ≥ the bar at the same position of `bars` (false for NaN).
    @inline(__always)
    static func anyAtLeast(_ x: UnsafePointer<Float>, _ bars: UnsafePointer<Float>) -> Bool {
        @inline(__always) func ge(_ i: Int) -> UInt8 { x[i] >= bars[i] ? 1 : 0 }
        return (ge(0) | ge(1) | ge(2) | ge(3) | ge(4) | ge(5) | ge(6) | ge(7)) != 0
    }

    /// Runs `body` over `count` split into up to `threads` contiguous parts (multiples of 8 except the last),
    /// in parallel; serially when there is one part or fewer than `minimum` items per part.
    static func split(_ count: Int, threads: Int, minimum: Int, _ body: (Range<Int>) -> Void) {
        let parts = max(1, min(threads, count / max(minimum, 1)))
        if parts == 1 {
            body(0..<count)
            return
        }
        let size = (count / parts + 7) / 8 * 8
        withoutActuallyEscaping(body) { body in
            let box = SplitBody(body)
            DispatchQueue.concurrentPerform(iterations: parts) { p in
                let lo = min(count, p * size)
                let hi = p == parts - 1 ? count : min(count, lo + size)
                if lo < hi { box.body(lo..<hi) }
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
