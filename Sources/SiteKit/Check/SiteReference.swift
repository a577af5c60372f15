import Foundation

/// A URL found in a page or stylesheet, and what it points at.
struct SiteReference: Hashable, Sendable {
    /// What a URL is, from the site's point of view.
    enum Target: Hashable, Sendable {
        /// Nothing (empty URL) or the page itself (`?query` only).
        case samePage
        /// `#fragment` in the same file.
        case fragment(String)
        /// A URL with a scheme (or `//host`): leaves the site.
        case external(scheme: String)
        /// `/path`: resolved against the host root, so it breaks from disk.
        case rootRelative
        /// A path inside the site (relative to the site root) and an optional fragment.
        case file(path: String, isFolder: Bool, fragment: String?)
        /// A relative path that climbs above the site root.
        case outside
    }

    /// The URL as written.
    let url: String
    /// The line it was found on.
    let line: Int?
    /// The element (`a`, `script`, …) or `css`.
    let element: String
    /// The attribute (`href`, `src`, …) or `url()`.
    let attribute: String
    /// True for links a reader follows (`<a href>`, `<area href>`, `<form action>`); false for loaded resources.
    let isNavigation: Bool

    /// Resolves `url` written in the file at `source` (a path relative to the site root).
    static func resolve(_ url: String, from source: String) -> Target {
        let trimmed = url.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty || trimmed.hasPrefix("?") { return .samePage }
        if trimmed.hasPrefix("#") { return .fragment(String(trimmed.dropFirst())) }
        if trimmed.hasPrefix("//") { return .external(scheme: "") }
        if let scheme = scheme(of: trimmed) { return .external(scheme: scheme) }
        if trimmed.hasPrefix("/") { return .rootRelative }

        var pathPart = trimmed
        var fragment: String?
        if let hash = pathPart.firstIndex(of: "#") {
            fragment = String(pathPart[pathPart.index(after: hash)...])
            pathPart = String(pathPart[..<hash])
        }
        if let query = pathPart.firstIndex(of: "?") { pathPart = String(pathPart[..<query]) }
        let decoded = pathPart.removingPercentEncoding ?? pathPart
        var components = source.split(separator: "/").map(String.init).dropLast()
        for component in decoded.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..":
                if components.isEmpty { return .outside }
                components.removeLast()
            default: components.append(String(component))
            }
        }
        if decoded.isEmpty { return fragment.map { .fragment($0) } ?? .samePage }
        return .file(path: components.joined(separator: "/"), isFolder: decoded.hasSuffix("/"), fragment: fragment)
    }

    /// The lowercased scheme of an absolute URL (`https`, `data`, `javascript`), or nil for a relative one.
    static func scheme(of url: String) -> String? {
        guard let colon = url.firstIndex(of: ":") else { return nil }
        let candidate = url[..<colon]
        guard let first = candidate.first, first.isASCII, first.isLetter,
            candidate.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") })
        else { return nil }
        return candidate.lowercased()
    }
}
