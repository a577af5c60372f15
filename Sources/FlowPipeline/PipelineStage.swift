/// One entry of a step list: a step, or a scope with the steps that run inside it.
public enum PipelineStage {
    /// A step, run in its turn.
    case step(any PipelineStep)
    /// Steps run inside a scope (numbered in the same sequence as the others).
    case scope(any PipelineScope, [PipelineStage])

    /// The names of the steps, flattened in run order.
    public var stepNames: [String] {
        switch self {
        case .step(let step): return [step.name]
        case .scope(_, let stages): return stages.flatMap(\.stepNames)
        }
    }
}
