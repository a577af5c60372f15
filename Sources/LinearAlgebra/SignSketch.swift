/// The sign sketches of a set of rows: `bits` sign bits per row, packed into `words` 64-bit words (a
/// multiple of 4; the unused high bits are zero in every row, so they never differ between two rows).
/// Two rows' sketch score (agreeing minus differing bits) estimates their angle: see `SketchProjection`.
public struct SignSketch: Sendable, Equatable {
    /// Number of rows.
    public let rows: Int
    /// Sign bits per row that carry information.
    public let bits: Int
    /// 64-bit words per row (`bits` rounded up to a multiple of 256, in words).
    public let words: Int
    /// `rows × words` packed bits, row-major.
    public internal(set) var values: [UInt64]

    /// An all-zero sketch of `rows` rows of `bits` bits.
    public init(rows: Int, bits: Int) {
        precondition(rows >= 0 && bits > 0, "a sketch needs rows ≥ 0 and bits > 0")
        self.rows = rows
        self.bits = bits
        words = (bits + 255) / 256 * 4
        values = [UInt64](repeating: 0, count: rows * words)
    }
}
