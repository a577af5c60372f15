import SiteKit

/// Token text made safe and visible for a context line: newlines, tabs and carriage returns as ↵ ⇥ ␍, other control
/// characters as their Unicode control pictures (␀…␟, ␡) or `⟨U+0085⟩`, and bidirectional controls (LRM, RLM, ALM,
/// the embeddings, overrides and isolates) as `⟨RLM⟩`-style names, so hostile text can neither break the markup nor
/// reorder the line. Markup escaping is the writer's job; this only maps characters.
enum ContextText {
    /// `text` with every invisible or reordering character shown; `spaces` also shows spaces as `·` (for the active
    /// token, so a space token is visible).
    static func visible(_ text: String, spaces: Bool = false) -> String {
        // Most tokens are printable ASCII: decided on bytes, without a lookup per character.
        let lowest: UInt8 = spaces ? 0x21 : 0x20
        if text.utf8.allSatisfy({ $0 >= lowest && $0 < 0x7F }) { return text }
        guard text.unicodeScalars.contains(where: { needsMapping($0, spaces: spaces) }) else { return text }
        // The runs between mapped scalars are copied whole: appending scalar by scalar was most of this function's time.
        let scalars = text.unicodeScalars
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        var run = scalars.startIndex
        for index in scalars.indices where needsMapping(scalars[index], spaces: spaces) {
            out += Substring(scalars[run..<index])
            out += shown(scalars[index])
            run = scalars.index(after: index)
        }
        out += Substring(scalars[run...])
        return out
    }

    /// What a scalar `needsMapping` shows as.
    private static func shown(_ scalar: Unicode.Scalar) -> String {
        switch scalar.value {
        case 0x0A: return "↵"
        case 0x09: return "⇥"
        case 0x0D: return "␍"
        case 0x20: return "·"
        case 0x00...0x1F: return String(Unicode.Scalar(0x2400 + scalar.value)!)
        case 0x7F: return "␡"
        case 0x80...0x9F: return "⟨U+00\(String(scalar.value, radix: 16, uppercase: true))⟩"
        default: return bidiNames[scalar.value].map { "⟨\($0)⟩" } ?? String(scalar)
        }
    }

    static func needsMapping(_ scalar: Unicode.Scalar, spaces: Bool) -> Bool {
        let v = scalar.value
        return v < 0x20 || (0x7F...0x9F).contains(v) || (spaces && v == 0x20) || (v >= 0x061C && bidiNames[v] != nil)
    }

    /// Bidirectional formatting characters and their short names.
    static let bidiNames: [UInt32: String] = [
        0x061C: "ALM", 0x200E: "LRM", 0x200F: "RLM", 0x202A: "LRE", 0x202B: "RLE", 0x202C: "PDF", 0x202D: "LRO",
        0x202E: "RLO", 0x2066: "LRI", 0x2067: "RLI", 0x2068: "FSI", 0x2069: "PDI", 0xFEFF: "BOM", 0xFFFE: "U+FFFE",
        0xFFFF: "U+FFFF",
    ]
}
