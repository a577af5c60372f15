/// One named stage of a build (`load SAEs`, `match`, `analyse`, …): the runner announces it as `[i/N] name`,
/// times it and names it in any error it throws. A step reads what earlier steps left in the context and
/// leaves its own product there for the steps after it.
public protocol PipelineStep {
    /// The name printed in `[i/N] name` and put before the message of any error the step throws.
    var name: String { get }
    /// Does the step's work.
    func run(_ context: PipelineContext) throws
}
