/// A list of problems collected while reading input; thrown once at the end (STYLE.md habit 5).
public struct ProblemList: Error, CustomStringConvertible {
    /// Every problem found, in the order found.
    public var problems: [any LocatedError]

    public init(_ problems: [any LocatedError]) { self.problems = problems }

    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
