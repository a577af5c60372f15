/// Untrusted text made safe for HTML pages: characters HTML and XML cannot carry (NUL and other C0 controls except
/// tab/LF/CR, DEL and C1 controls, U+FFFE/U+FFFF) become U+FFFD. Escaping itself is done by the templates
/// (`{{x}}`) and by libxml2 for SVG.
public enum SiteText {
    /// `text` with forbidden characters replaced by U+FFFD.
    public static func sanitized(_ text: String) -> String {
        guard needsSanitizing(text) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { result.append(isForbidden(scalar) ? "\u{FFFD}" : scalar) }
        return String(result)
    }

    /// A template context with every string inside (dictionary values, array elements) sanitised. A context with
    /// nothing to replace (the usual case) is returned as it is, without copying it.
    public static func sanitizedContext(_ value: Any) -> Any {
        contextNeedsSanitizing(value) ? copySanitized(value) : value
    }

    static func copySanitized(_ value: Any) -> Any {
        switch value {
        case let text as String: return sanitized(text)
        case let dictionary as [String: Any]: return dictionary.mapValues(copySanitized)
        case let array as [Any]: return array.map(copySanitized)
        default: return value
        }
    }

    /// True when some string inside `value` holds a forbidden character.
    static func contextNeedsSanitizing(_ value: Any) -> Bool {
        switch value {
        case let text as String: return needsSanitizing(text)
        case let dictionary as [String: Any]: return dictionary.values.contains(where: contextNeedsSanitizing)
        case let array as [Any]: return array.contains(where: contextNeedsSanitizing)
        default: return false
        }
    }

    /// True when `text` holds a forbidden character, decided on its UTF-8 bytes: C0 controls but tab/LF/CR, DEL,
    /// C1 controls (`C2 80`…`C2 9F`) and U+FFFE/U+FFFF (`EF BF BE`/`EF BF BF`).
    static func needsSanitizing(_ text: String) -> Bool {
        var previous: UInt8 = 0
        var beforePrevious: UInt8 = 0
        for byte in text.utf8 {
            if byte < 0x20 {
                if byte != 0x09 && byte != 0x0A && byte != 0x0D { return true }
            } else if byte == 0x7F {
                return true
            } else if previous == 0xC2 && byte >= 0x80 && byte <= 0x9F {
                return true
            } else if beforePrevious == 0xEF && previous == 0xBF && (byte == 0xBE || byte == 0xBF) {
                return true
            }
            beforePrevious = previous
            previous = byte
        }
        return false
    }

    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 { return value != 0x09 && value != 0x0A && value != 0x0D }
        if value >= 0x7F && value <= 0x9F { return true }
        return value == 0xFFFE || value == 0xFFFF
    }
}
