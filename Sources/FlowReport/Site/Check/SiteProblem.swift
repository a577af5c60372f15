import FlowDiagnostics

/// One problem found in a generated site: the file, the line when known, and what is wrong.
public typealias SiteProblem = LocatedFailure<SiteProblemKind>

/// The kind of problem, as a value tests can compare.
public enum SiteProblemKind: String, FailureReason, Hashable, CaseIterable {
    /// A link or reference to a file that is not in the site.
    case brokenLink
    /// A `#fragment` that names no element of the target page.
    case brokenAnchor
    /// A script, style, image, font or frame loaded from outside the site (or a root-relative URL).
    case externalReference
    /// A relative URL that climbs out of the site folder.
    case outsideSite
    /// An `on…=` attribute (a CSP forbids inline handlers).
    case inlineEventHandler
    /// A `<script>` with a body, or a `javascript:` URL (a CSP forbids inline scripts).
    case inlineScript
    /// A `<style>` element or `style=` attribute (a CSP forbids inline styles).
    case inlineStyle
    /// Markup the parser had to repair.
    case malformedMarkup
    /// Two elements with the same `id` in one page.
    case duplicateID
    /// A page without a Content-Security-Policy `<meta>`.
    case missingContentSecurityPolicy
    /// A file that could not be read.
    case unreadable

    /// The kind in words, used when a problem gives no sentence of its own.
    public var message: String { rawValue }
}

extension LocatedFailure where Reason == SiteProblemKind {
    /// The kinds of problem a site check finds.
    public typealias Kind = SiteProblemKind

    /// A problem with every field given.
    public init(path: String?, line: Int? = nil, column: Int? = nil, message: String, kind: Kind) {
        self.init(path: path, line: line, column: column, message: message, reason: kind)
    }

    /// The kind of problem.
    public var kind: Kind { reason }
}
