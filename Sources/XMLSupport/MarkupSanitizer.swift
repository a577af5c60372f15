/// Makes arbitrary text safe to hand to libxml2: characters XML 1.0 cannot carry become U+FFFD.
enum MarkupSanitizer {
    /// Replaces NUL and other C0 controls (except tab, LF, CR), DEL and C1 controls, and U+FFFE/U+FFFF with U+FFFD.
    static func sanitized(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isForbidden) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            result.append(isForbidden(scalar) ? "\u{FFFD}" : scalar)
        }
        return String(result)
    }

    /// True for scalars that XML 1.0 forbids or that HTML treats as a parse error.
    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 { return value != 0x09 && value != 0x0A && value != 0x0D }
        if value >= 0x7F && value <= 0x9F { return true }
        return value == 0xFFFE || value == 0xFFFF
    }
}
