/// Untrusted text made safe for HTML pages: characters HTML and XML cannot carry (NUL and other C0 controls except
/// tab/LF/CR, DEL and C1 controls, U+FFFE/U+FFFF) become U+FFFD. Escaping itself is done by the templates
/// (`{{x}}`) and by libxml2 for SVG.
public enum SiteText {
    /// `text` with forbidden characters replaced by U+FFFD.
    public static func sanitized(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isForbidden) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { result.append(isForbidden(scalar) ? "\u{FFFD}" : scalar) }
        return String(result)
    }

    /// A template context with every string inside (dictionary values, array elements) sanitised.
    public static func sanitizedContext(_ value: Any) -> Any {
        switch value {
        case let text as String: return sanitized(text)
        case let dictionary as [String: Any]: return dictionary.mapValues(sanitizedContext)
        case let array as [Any]: return array.map(sanitizedContext)
        default: return value
        }
    }

    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 { return value != 0x09 && value != 0x0A && value != 0x0D }
        if value >= 0x7F && value <= 0x9F { return true }
        return value == 0xFFFE || value == 0xFFFF
    }
}
