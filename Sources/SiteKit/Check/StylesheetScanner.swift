import Foundation

/// Finds the URLs a stylesheet loads (`url(…)` and `@import "…"`), with their lines, ignoring comments.
enum StylesheetScanner {
    /// Every URL referenced by `css`, with its 1-based line.
    static func references(in css: String) -> [(url: String, line: Int)] {
        let scalars = Array(blankComments(css).unicodeScalars)
        var found: [(String, Int)] = []
        var line = 1
        var index = 0
        func matches(_ word: String, at position: Int) -> Bool {
            let characters = Array(word.unicodeScalars)
            guard position + characters.count <= scalars.count else { return false }
            for offset in 0..<characters.count
            where Character(scalars[position + offset]).lowercased() != String(characters[offset]) {
                return false
            }
            return true
        }
        while index < scalars.count {
            if scalars[index] == "\n" { line += 1 }
            if matches("url(", at: index) {
                var end = index + 4
                while end < scalars.count && scalars[end] != ")" { end += 1 }
                let raw = String(String.UnicodeScalarView(scalars[(index + 4)..<min(end, scalars.count)]))
                found.append((unquote(raw), line))
                index = end
                continue
            }
            if matches("@import", at: index) {
                var cursor = index + 7
                while cursor < scalars.count && (scalars[cursor] == " " || scalars[cursor] == "\t") { cursor += 1 }
                if cursor < scalars.count && (scalars[cursor] == "\"" || scalars[cursor] == "'") {
                    let quote = scalars[cursor]
                    var end = cursor + 1
                    while end < scalars.count && scalars[end] != quote && scalars[end] != "\n" { end += 1 }
                    found.append(
                        (String(String.UnicodeScalarView(scalars[(cursor + 1)..<min(end, scalars.count)])), line))
                    index = end
                    continue
                }
            }
            index += 1
        }
        return found
    }

    /// `css` with comments replaced by spaces (newlines kept, so lines still count right).
    static func blankComments(_ css: String) -> String {
        var result = String.UnicodeScalarView()
        var scalars = css.unicodeScalars.makeIterator()
        var previous: Unicode.Scalar?
        var inComment = false
        while let scalar = scalars.next() {
            if inComment {
                result.append(scalar == "\n" ? "\n" : " ")
                if previous == "*" && scalar == "/" { inComment = false }
                previous = scalar
                continue
            }
            if previous == "/" && scalar == "*" {
                result.removeLast()
                result.append(" ")
                result.append(" ")
                inComment = true
                previous = nil
                continue
            }
            result.append(scalar)
            previous = scalar
        }
        return String(result)
    }

    static func unquote(_ raw: String) -> String {
        var text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.count >= 2, let first = text.first, first == "\"" || first == "'", text.last == first {
            text = String(text.dropFirst().dropLast())
        }
        return text
    }
}
