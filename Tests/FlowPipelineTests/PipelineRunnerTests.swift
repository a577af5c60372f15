import FlowCore
import FlowReport
import Foundation
import Testing

@testable import FlowPipeline

/// The runner and the step list, driven as a library (no ArgumentParser, no process).
@Suite struct PipelineRunnerTests {
    /// A step that records its name in the context's product log, and optionally fails.
    struct Recording: PipelineStep {
        var name: String
        var failure: (any Error)? = nil

        func run(_ context: PipelineContext) throws {
            var log = context.product(StepLog.self) ?? StepLog()
            log.names.append(name)
            context.store(log)
            if let failure { throw failure }
        }
    }

    /// The names the recording steps saw, in order (a product kept with `store`).
    struct StepLog { var names: [String] = [] }

    /// A scope that records when it opens and closes.
    struct Bracket: PipelineScope {
        func enclose(_ context: PipelineContext, _ body: () throws -> Void) throws {
            context.store(BracketState(opened: true))
            try body()
            context.store(BracketState(opened: true, closed: true))
        }
    }

    struct BracketState { var opened = false, closed = false }

    func context(_ captured: CapturedLines) -> PipelineContext {
        PipelineContext(request: BuildRequest(database: "/nonexistent/flow.sqlite"), printer: captured.printer)
    }

    @Test func theRequestChoosesItsSteps() {
        let site = SiteRequest(out: "/tmp/x")
        let matching = MatchRequest(input: "/tmp/saes")
        #expect(
            PipelineRunner(BuildRequest(database: "f", matching: matching, site: site).stages).stepNames == [
                "load SAEs", "match", "analyse", "labels", "render", "check",
            ])
        #expect(
            PipelineRunner(BuildRequest(database: "f", site: site).stages).stepNames == [
                "analyse", "labels", "render", "check",
            ])
        #expect(
            PipelineRunner(BuildRequest(database: "f", matching: matching).stages).stepNames == ["load SAEs", "match"])
    }

    @Test func stepsAreNumberedAcrossScopesAndTimed() throws {
        let captured = CapturedLines()
        let context = context(captured)
        let runner = PipelineRunner([
            .step(Recording(name: "first")),
            .scope(Bracket(), [.step(Recording(name: "inner one")), .step(Recording(name: "inner two"))]),
            .step(Recording(name: "last")),
        ])
        let timings = try runner.run(context)
        #expect(captured.lines == ["[1/4] first", "[2/4] inner one", "[3/4] inner two", "[4/4] last"])
        #expect(timings.map(\.name) == ["first", "inner one", "inner two", "last"])
        #expect(timings.allSatisfy { $0.seconds >= 0 })
        #expect(context.product(StepLog.self)?.names == ["first", "inner one", "inner two", "last"])
        #expect(context.product(BracketState.self)?.closed == true)
    }

    @Test func theFailingStepIsNamedOnceAndTheFailureActionsRun() throws {
        let captured = CapturedLines()
        let context = context(captured)
        var undone: [String] = []
        context.onFailure { undone.append("early") }
        context.onFailure { undone.append("late") }
        let bad = StoreError(path: "/tmp/broken.sqlite", reason: .corrupt("no match table"))
        let runner = PipelineRunner([
            .step(Recording(name: "fine")),
            .scope(Bracket(), [.step(Recording(name: "breaks", failure: bad))]),
            .step(Recording(name: "never")),
        ])
        #expect {
            _ = try runner.run(context)
        } throws: { error in
            guard let failure = error as? StepFailure else { return false }
            return failure.step == "breaks" && failure.path == "/tmp/broken.sqlite"
                && failure.message.hasPrefix("breaks: ") && !failure.message.dropFirst(8).contains("breaks: ")
        }
        #expect(context.product(StepLog.self)?.names == ["fine", "breaks"])
        #expect(context.product(BracketState.self)?.closed == false)
        #expect(undone == ["late", "early"])
        #expect(captured.lines == ["[1/3] fine", "[2/3] breaks"])
    }

    @Test func problemListsPassThroughUnnamed() throws {
        let problems = ProblemList([StoreError(path: "/a", reason: .corrupt("x"))])
        let runner = PipelineRunner([.step(Recording(name: "check", failure: problems))])
        #expect(throws: ProblemList.self) { _ = try runner.run(context(CapturedLines())) }
    }

    @Test func aStepBeforeTheStepThatMakesItsInputSaysSo() throws {
        let runner = PipelineRunner([.step(CheckStep())])
        #expect {
            _ = try runner.run(context(CapturedLines()))
        } throws: { error in
            (error as? StepFailure)?.message
                == "check: no staging folder: a step that needs it runs before the step that makes it"
        }
    }
}
