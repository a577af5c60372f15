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
        // Written last digit first straight into the string's storage: padding and inserting the point into a String
        // was a few per cent of a feature page.
        var units = UInt64(Int64(scaled))
        let minimum = digits > 0 ? digits + 2 : 1  // the decimals, the point and one whole digit
        return String(unsafeUninitializedCapacity: max(minimum, 20) + 2) { text in
            var count = 0
            repeat {
                text[count] = UInt8(ascii: "0") + UInt8(units % 10)
                units /= 10
                count += 1
                if count == digits {
                    text[count] = UInt8(ascii: ".")
                    count += 1
                }
            } while units > 0 || count < minimum
            if negative {
                text[count] = UInt8(ascii: "-")
                count += 1
            }
            var written = UnsafeMutableBufferPointer(rebasing: text[..<count])
            written.reverse()
            return count
        }
    }
}
