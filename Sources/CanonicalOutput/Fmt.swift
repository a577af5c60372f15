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
        let whole = Int64(scaled)
        var text = String(whole)
        if digits > 0 {
            while text.count <= digits { text = "0" + text }
            text.insert(".", at: text.index(text.endIndex, offsetBy: -digits))
        }
        return negative ? "-" + text : text
    }
}
