/// Locale-free, deterministic number formatting for SVG coordinates and labels.
public enum SVGNumber {
    /// `value` with exactly `decimals` digits after the point ("0.25"); non-finite values give "n/a".
    public static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "n/a" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e15 else { return value < 0 ? "-∞" : "∞" }
        let units = Int64(scaled)
        let factor = Int64(scale)
        let whole = units / factor
        let fraction = units % factor
        let sign = value < 0 && units != 0 ? "-" : ""
        guard decimals > 0 else { return "\(sign)\(whole)" }
        var digits = String(fraction)
        while digits.count < decimals { digits = "0" + digits }
        return "\(sign)\(whole).\(digits)"
    }

    /// A coordinate with at most one decimal and no trailing ".0" ("12", "12.5").
    public static func coordinate(_ value: Double) -> String {
        let text = fixed(value, decimals: 1)
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    /// An integer count with thin grouping ("16384" stays "16384"; counts are short enough).
    public static func count(_ value: Int) -> String { String(value) }

    /// A percentage with one decimal ("45.1%").
    public static func percent(_ part: Int, of total: Int) -> String {
        guard total > 0 else { return "0%" }
        return fixed(Double(part) * 100 / Double(total), decimals: 1) + "%"
    }
}
