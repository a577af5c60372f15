/// Fixed number formatting, so every output is byte-identical for identical input.
public enum Fmt {
    /// A cosine or threshold with exactly `digits` decimals (default 2), `-` for nil, NaN as `nan`.
    public static func score(_ value: Float?, digits: Int = 2) -> String {
        guard let value else { return "-" }
        return fixed(Double(value), digits: digits)
    }

    /// A double with exactly `digits` decimals, rounding half away from zero; never `-0.00`.
    public static func fixed(_ value: Double, digits: Int) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        let negative = value < 0 && scaled != 0
        // Digits as bytes: padding and inserting the point into a String was a few per cent of a feature page.
        var text = Array(String(Int64(scaled)).utf8)
        if digits > 0 {
            if text.count <= digits {
                text.insert(contentsOf: repeatElement(UInt8(ascii: "0"), count: digits + 1 - text.count), at: 0)
            }
            text.insert(UInt8(ascii: "."), at: text.count - digits)
        }
        if negative { text.insert(UInt8(ascii: "-"), at: 0) }
        return String(decoding: text, as: UTF8.self)
    }
}
