/// The one located-error type: a problem at a file (and line/column where there is one) with a
/// machine-readable `Reason`. Each module names its own with a type alias, e.g.
/// `typealias WeightError = LocatedFailure<WeightReason>`, and prints as `path:line:column: message`.
public struct LocatedFailure<SomeReason: FailureReason>: LocatedError, Equatable {
    /// The module's reason enum (`WeightError.Reason` is `WeightReason`).
    public typealias Reason = SomeReason

    /// The file or folder the problem is in (nil when there is none).
    public var path: String?
    /// 1-based line, when the input is text.
    public var line: Int?
    /// 1-based column, when the input is text.
    public var column: Int?
    /// What went wrong, as a value tests can compare.
    public var reason: Reason
    /// A sentence given in place of the reason's own (for reasons that are kinds, not explanations).
    private var detail: String?

    /// An error about `path` for `reason`.
    public init(path: String?, _ reason: Reason, line: Int? = nil, column: Int? = nil) {
        self.path = path
        self.line = line
        self.column = column
        self.reason = reason
    }

    /// An error about `path` (at `line`/`column` when given) for `reason`.
    public init(path: String?, line: Int? = nil, column: Int? = nil, reason: Reason) {
        self.init(path: path, reason, line: line, column: column)
    }

    /// An error whose sentence is `message` and whose kind is `reason`.
    public init(path: String?, line: Int? = nil, column: Int? = nil, message: String, reason: Reason) {
        self.init(path: path, reason, line: line, column: column)
        self.detail = message
    }

    /// What is wrong, in one sentence, without the location.
    public var message: String { detail ?? reason.message }
}

extension LocatedFailure: Hashable where SomeReason: Hashable {}
