import FlowDiagnostics
import XMLSupport

/// A problem writing, rendering or checking a site: where (path, line, column) and what, as one `LocatedFailure`.
public typealias SiteError = LocatedFailure<SiteReason>

/// What went wrong, as a value tests can compare (the sentence is the error's `message`).
public enum SiteReason: FailureReason, Hashable {
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

    /// A short sentence for the kind, used when an error gives none of its own.
    public var message: String {
        switch self {
        case .refusedRoot: return "refusing to write a site into /"
        case .refusedHome: return "refusing to write a site into the home folder or one of its ancestors"
        case .refusedUnmarked: return "the folder is not empty and was not made by featureflow"
        case .refusedSymlink: return "the folder is a symbolic link that leads outside its parent"
        case .refusedDatabaseInside: return "the flow database lies inside the site folder"
        case .notAFolder: return "not a folder"
        case .unsafeName: return "unsafe file name"
        case .io: return "cannot read or write"
        case .markup: return "bad markup"
        case .template: return "bad template"
        }
    }
}

extension LocatedFailure where Reason == SiteReason {
    /// The same problem as a markup error from XMLSupport.
    public init(_ error: MarkupError) {
        self.init(path: error.path, line: error.line, column: error.column, message: error.message, reason: .markup)
    }
}
