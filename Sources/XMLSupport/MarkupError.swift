/// A problem building, serialising or parsing markup, with the place it was found when there is one.
/// Carries the same fields as FlowCore's `LocatedError` (XMLSupport does not depend on FlowCore).
public struct MarkupError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, as a value tests can compare.
    public enum Reason: Hashable, Sendable {
        /// libxml2 reported a problem while parsing (its domain and code, and level: 1 warning, 2 error, 3 fatal).
        case parse(domain: Int, code: Int, level: Int)
        /// An element or attribute name that is not a valid XML name.
        case invalidName(String)
        /// A comment containing `--` (which cannot be written).
        case invalidComment
        /// The input is larger than libxml2 accepts (2 GiB).
        case tooLarge
        /// libxml2 could not allocate or write.
        case libxml
    }

    /// The file (or description of the input) the problem is in, when known.
    public var path: String?
    /// 1-based line, when known.
    public var line: Int?
    /// 1-based column, when known.
    public var column: Int?
    /// What is wrong, in one sentence.
    public var message: String
    /// The machine-readable reason.
    public var reason: Reason

    /// An error with every field given.
    public init(path: String?, line: Int? = nil, column: Int? = nil, message: String, reason: Reason) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        self.reason = reason
    }

    /// True for libxml2's "Tag x invalid": an element its HTML 4 parser does not know (HTML5's `nav`, inline `svg`).
    public var isUnknownHTMLTag: Bool {
        if case .parse(_, let code, _) = reason { return code == MarkupDocument.unknownTagCode }
        return false
    }

    /// `path:line:column: message`, omitting what is unknown.
    public var description: String {
        var location = path ?? ""
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        return location.isEmpty ? message : "\(location): \(message)"
    }
}
