import Foundation

/// The one byte-size formatter for what featureflow prints: decimal units, one decimal place.
public enum ByteSize {
    /// `512 B`, `12.3 kB`, `4.0 MB`, `1.2 GB`, `3.4 TB` (powers of 1000).
    public static func string(_ bytes: Int64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = 0
        while abs(value) >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f", value) + " " + units[unit]
    }

    /// `string(_:)` for an `Int` count.
    public static func string(_ bytes: Int) -> String { string(Int64(bytes)) }
}
