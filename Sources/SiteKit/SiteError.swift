import FlowCore
import XMLSupport

/// A problem writing, rendering or checking a site: where (path, line, column) and what, as one `LocatedError`.
public struct SiteError: LocatedError, Hashable {
    /// What went wrong, as a value tests can compare.
    public enum Reason: Hashable, Sendable {
        /// `--out` is `/`.
        case refusedRoot
        /// `--out` is the home folder or one of its ancestors.
        case refusedHome
        /// `--out` is a non-empty folder that featureflow did not create (no marker file).
        case refusedUnmarked
        /// `--out` is a symbolic link that leads outside the folder it sits in.
        case refusedSymlink
        /// The flow database (`--db`) lies inside `--out`, which is replaced as a whole.
        case refusedDatabaseInside
        /// `--out` exists and is not a folder.
        case notAFolder
        /// A file name in the site is not made of `[A-Za-z0-9._-]` (or is `.`/`..`/hidden).
        case unsafeName
        /// Reading or writing a file failed.
        case io
        /// Building or parsing markup failed.
        case markup
        /// A template could not be found, read or parsed.
        case template
    }

    /// The file or folder concerned.
    public var path: String?
    /// 1-based line, when known.
    public var line: Int?
    /// 1-based column, when known.
    public var column: Int?
    /// What is wrong and why, in one sentence.
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

    /// The same problem as a markup error from XMLSupport.
    public init(_ error: MarkupError) {
        self.init(path: error.path, line: error.line, column: error.column, message: error.message, reason: .markup)
    }
}
