/// Makes arbitrary text safe to hand to libxml2: characters XML 1.0 cannot carry become U+FFFD.
enum MarkupSanitizer {
    /// Replaces NUL and other C0 controls (except tab, LF, CR), DEL and C1 controls, and U+FFFE/U+FFFF with U+FFFD.
    static func sanitized(_ text: String) -> String {
        guard mayContainForbidden(text), text.unicodeScalars.contains(where: isForbidden) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            result.append(isForbidden(scalar) ? "\u{FFFD}" : scalar)
        }
        return String(result)
    }

    /// False when no UTF-8 byte can start a forbidden scalar (C0 controls and DEL are single bytes, C1 controls start
    /// with 0xC2, U+FFFE/U+FFFF with 0xEF): a byte scan that spares most text the scalar-by-scalar check.
    static func mayContainForbidden(_ text: String) -> Bool {
        func scan(_ bytes: some Sequence<UInt8>) -> Bool {
            for byte in bytes where byte < 0x20 || byte == 0x7F || byte == 0xC2 || byte == 0xEF { return true }
            return false
        }
        // Straight over the stored bytes when there are some (every native string); the view's iterator otherwise.
        return text.utf8.withContiguousStorageIfAvailable { scan($0) } ?? scan(text.utf8)
    }

    /// True for scalars that XML 1.0 forbids or that HTML treats as a parse error.
    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 { return value != 0x09 && value != 0x0A && value != 0x0D }
        if value >= 0x7F && value <= 0x9F { return true }
        return value == 0xFFFE || value == 0xFFFF
    }
}
