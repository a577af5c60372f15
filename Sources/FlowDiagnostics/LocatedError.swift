/// An error a user can act on: it names the file (and line/column where there is one) and what is wrong.
/// Every stage's error type conforms; the CLI renders them all in one place (`Error: path:line:col: message`).
public protocol LocatedError: Error, CustomStringConvertible {
    /// The file or folder the problem is in (nil when there is none, e.g. a bad option).
    var path: String? { get }
    /// 1-based line, when the input is text.
    var line: Int? { get }
    /// 1-based column, when the input is text.
    var column: Int? { get }
    /// What is wrong, in one sentence, without the location.
    var message: String { get }
}

extension LocatedError {
    public var line: Int? { nil }
    public var column: Int? { nil }

    /// `path:line:column: message`, omitting what is unknown.
    public var description: String {
        var location = path ?? ""
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        return location.isEmpty ? message : "\(location): \(message)"
    }
}
