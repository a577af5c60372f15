import FlowCore
import Foundation

/// Runs a step list: announces each step as `[i/N] name`, times it, and names it in any error it throws
/// (the one place a failing step is named). When a step fails, the actions registered with
/// `PipelineContext.onFailure` run before the error is rethrown.
public struct PipelineRunner {
    /// The steps, in run order.
    public let stages: [PipelineStage]

    /// A runner for `stages`.
    public init(_ stages: [PipelineStage]) {
        self.stages = stages
    }

    /// The step names in run order (N is their count).
    public var stepNames: [String] { stages.flatMap(\.stepNames) }

    /// Runs every step in `context`; returns each step's wall-clock time.
    public func run(_ context: PipelineContext) throws -> [StepTiming] {
        var progress = Progress(count: stepNames.count)
        do {
            try run(stages, in: context, progress: &progress)
        } catch {
            context.printer.endProgress()
            context.runFailureActions()
            throw error
        }
        return progress.timings
    }

    /// Where the run is: the step number reached and the timings so far.
    struct Progress {
        var count: Int
        var number = 0
        var timings: [StepTiming] = []
    }

    func run(_ stages: [PipelineStage], in context: PipelineContext, progress: inout Progress) throws {
        for stage in stages {
            switch stage {
            case .step(let step):
                progress.number += 1
                context.printer.line("[\(progress.number)/\(progress.count)] \(step.name)")
                let start = Date()
                try StepFailure.naming(step.name) { try step.run(context) }
                context.printer.endProgress()
                progress.timings.append(StepTiming(name: step.name, seconds: Date().timeIntervalSince(start)))
            case .scope(let scope, let inner):
                // `enclose` takes a non-escaping closure; the progress is threaded through a local copy.
                var local = progress
                try scope.enclose(context) { try run(inner, in: context, progress: &local) }
                progress = local
            }
        }
    }
}
