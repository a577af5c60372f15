import FlowDiagnostics

/// A problem building, serialising or parsing markup, with the place it was found when there is one.
public typealias MarkupError = LocatedFailure<MarkupReason>

/// The kind of markup problem, as a value tests can compare (the sentence is the error's `message`).
public enum MarkupReason: FailureReason, Hashable {
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

    /// A short sentence for the kind, used when an error gives none of its own.
    public var message: String {
        switch self {
        case .parse(let domain, let code, let level):
            return "libxml2 parse problem (domain \(domain), code \(code), level \(level))"
        case .invalidName(let name): return "'\(name)' is not a valid XML name"
        case .invalidComment: return "a comment cannot contain '--'"
        case .tooLarge: return "the input is larger than libxml2 accepts (2 GiB)"
        case .libxml: return "libxml2 could not allocate or write"
        }
    }
}

extension LocatedFailure where Reason == MarkupReason {
    /// True for libxml2's "Tag x invalid": an element its HTML 4 parser does not know (HTML5's `nav`, inline `svg`).
    public var isUnknownHTMLTag: Bool {
        if case .parse(_, let code, _) = reason { return code == MarkupDocument.unknownTagCode }
        return false
    }
}
