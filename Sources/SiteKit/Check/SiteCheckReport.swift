/// What `SiteChecker` found: every problem (sorted by file and line) and how much it looked at.
public struct SiteCheckReport: Hashable, Sendable {
    /// Every problem, sorted by file, line and message.
    public var problems: [SiteProblem]
    /// Number of HTML pages parsed.
    public var pagesChecked: Int
    /// Number of files in the site (the marker excluded).
    public var filesChecked: Int

    /// A report with every field given.
    public init(problems: [SiteProblem], pagesChecked: Int, filesChecked: Int) {
        self.problems = problems
        self.pagesChecked = pagesChecked
        self.filesChecked = filesChecked
    }

    /// True when nothing is wrong.
    public var isClean: Bool { problems.isEmpty }
}
