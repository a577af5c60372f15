import Foundation

/// A run as a list of named steps (STYLE.md habit 3): prints `[i/N] step`, times each step, and adds
/// the step's name to any error at this one boundary.
public struct Pipeline {
    /// One named step.
    public struct Step {
        public var name: String
        public var body: (ProgressPrinter) throws -> Void

        public init(_ name: String, _ body: @escaping (ProgressPrinter) throws -> Void) {
            self.name = name
            self.body = body
        }
    }

    public var steps: [Step]
    public var printer: ProgressPrinter

    public init(steps: [Step], printer: ProgressPrinter) {
        self.steps = steps
        self.printer = printer
    }

    /// Runs every step in order; returns (name, seconds) per step.
    @discardableResult
    public func run() throws -> [(String, Double)] {
        var timings: [(String, Double)] = []
        for (offset, step) in steps.enumerated() {
            printer.line("[\(offset + 1)/\(steps.count)] \(step.name)")
            let start = Date()
            do {
                try step.body(printer)
            } catch let error as StepFailure {
                throw error
            } catch {
                throw StepFailure(step: step.name, underlying: error)
            }
            printer.endProgress()
            timings.append((step.name, Date().timeIntervalSince(start)))
        }
        return timings
    }
}

/// An error raised inside a named pipeline step.
public struct StepFailure: LocatedError {
    /// The step's name.
    public var step: String
    /// What went wrong.
    public var underlying: any Error

    public var path: String? { (underlying as? any LocatedError)?.path }
    public var line: Int? { (underlying as? any LocatedError)?.line }
    public var column: Int? { (underlying as? any LocatedError)?.column }
    public var message: String {
        let detail = (underlying as? any LocatedError)?.message ?? String(describing: underlying)
        return "\(step): \(detail)"
    }
}
