/// An error raised inside a named step of a run (`[i/N] step`); the step is added at this one boundary.
public struct StepFailure: LocatedError {
    /// The step's name.
    public var step: String
    /// What went wrong.
    public var underlying: any Error

    public init(step: String, underlying: any Error) {
        self.step = step
        self.underlying = underlying
    }

    public var path: String? { (underlying as? any LocatedError)?.path }
    public var line: Int? { (underlying as? any LocatedError)?.line }
    public var column: Int? { (underlying as? any LocatedError)?.column }
    public var message: String {
        let detail = (underlying as? any LocatedError)?.message ?? String(describing: underlying)
        return "\(step): \(detail)"
    }

    /// Runs `body`, naming the step in any error it throws (lists of problems and already-named errors
    /// pass through unchanged).
    public static func naming<T>(_ step: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ProblemList {
            throw error
        } catch let error as StepFailure {
            throw error
        } catch {
            throw StepFailure(step: step, underlying: error)
        }
    }
}
