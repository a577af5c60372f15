/// The decoder of one SAE seen as `rows` feature vectors of `columns` (= d_in) floats each.
/// Reading goes through a closure so the storage can be an mmap'd file in any dtype/orientation
/// (converted to F32 on the fly) or plain memory in tests.
public struct DecoderMatrix: Sendable {
    /// Writes rows `range` as F32, row-major, into a buffer of exactly `range.count × columns` floats.
    public typealias Reader = @Sendable (_ range: Range<Int>, _ into: UnsafeMutableBufferPointer<Float>) throws -> Void

    /// Number of features (d_sae).
    public let rows: Int
    /// Width of each feature vector (d_in).
    public let columns: Int
    private let read: Reader
    private let release: @Sendable () -> Void

    /// A decoder whose rows come from `read`; `release` drops whatever memory reading brought in (mapped
    /// file pages) once the caller holds its own copy.
    public init(rows: Int, columns: Int, release: @escaping @Sendable () -> Void = {}, read: @escaping Reader) {
        self.rows = rows
        self.columns = columns
        self.release = release
        self.read = read
    }

    /// An in-memory decoder (row-major `rows × columns`).
    public init(rows: Int, columns: Int, values: [Float]) {
        precondition(values.count == rows * columns, "decoder values must be rows × columns")
        self.init(rows: rows, columns: columns) { range, out in
            guard let destination = out.baseAddress else { return }
            values.withUnsafeBufferPointer { v in
                destination.update(from: v.baseAddress! + range.lowerBound * columns, count: out.count)
            }
        }
    }

    /// Writes rows `range` as F32, row-major, into `buffer` (`range.count × columns` floats): the way to read
    /// many rows without an intermediate array.
    public func read(_ range: Range<Int>, into buffer: UnsafeMutableBufferPointer<Float>) throws {
        precondition(range.lowerBound >= 0 && range.upperBound <= rows, "row range out of bounds")
        precondition(buffer.count == range.count * columns, "buffer must hold the rows read")
        try read(range, buffer)
    }

    /// Drops the memory reading brought in (mapped file pages) from the resident set; reading again works.
    public func releaseResidentPages() { release() }

    /// Rows `range` as F32, row-major (`range.count × columns`).
    public func rows(_ range: Range<Int>) throws -> [Float] {
        var values = [Float](repeating: 0, count: range.count * columns)
        try values.withUnsafeMutableBufferPointer { try read(range, into: $0) }
        return values
    }

    /// One feature vector.
    public func row(_ index: Int) throws -> [Float] { try rows(index..<(index + 1)) }
}
