import FlowCore
import FlowReport
import Foundation
import Testing

@testable import FlowPipeline
@testable import SiteKit

/// Two builds into one site folder: the second waits on the lock beside the folder until the first is done,
/// then runs in full; neither damages the other and the folder ends up holding the second's complete site.
@Suite struct ConcurrentBuildTests {
    /// A step that says it was reached and then holds the run until it is let go.
    struct Gate: PipelineStep {
        let reached: DispatchSemaphore
        let release: DispatchSemaphore
        var name: String { "gate" }

        func run(_ context: PipelineContext) throws {
            reached.signal()
            release.wait()
        }
    }

    typealias Outcome = Result<PipelineReport, any Error>

    @Test func aSecondBuildIntoTheSameFolderWaitsForTheFirst() throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let events = Locked<[String]>([])
        let reached = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let secondWaits = DispatchSemaphore(value: 0)

        // The first build stops inside the site's staging scope, just before its check.
        let first = fixture.buildRequest(title: "first build")
        let gated: [PipelineStage] = first.stages.map { stage in
            guard case .scope(let scope, let inner) = stage else { return stage }
            return .scope(scope, inner.dropLast() + [.step(Gate(reached: reached, release: release))] + inner.suffix(1))
        }
        let firstLines = CapturedLines { chunk in
            if chunk.hasPrefix("[") {
                events.withLock { $0.append("first " + chunk.trimmingCharacters(in: .newlines)) }
            }
        }
        let secondLines = CapturedLines { chunk in
            if chunk.contains("waiting for it to finish") {
                events.withLock { $0.append("second waits") }
                secondWaits.signal()
            } else if chunk.hasPrefix("[") {
                events.withLock { $0.append("second " + chunk.trimmingCharacters(in: .newlines)) }
            }
        }
        let outcomes = Locked<[String: Outcome]>([:])
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            let outcome = Outcome { try Pipeline.run(first, stages: gated, printer: firstLines.printer) }
            outcomes.withLock { $0["first"] = outcome }
            events.withLock { $0.append("first done") }
        }
        try #require(reached.wait(timeout: .now() + 600) == .success, "the first build never reached its gate")
        DispatchQueue.global().async(group: group) {
            let request = fixture.buildRequest(title: "second build")
            let outcome = Outcome { try Pipeline.run(request, printer: secondLines.printer) }
            outcomes.withLock { $0["second"] = outcome }
            events.withLock { $0.append("second done") }
            secondWaits.signal()  // a second build that did not wait ends the wait too (and fails below)
        }
        // A safety net, not a timing assertion: without it a broken lock would hang the suite.
        let waited = secondWaits.wait(timeout: .now() + 600) == .success
        #expect(waited, "the second build did not wait for the first")
        release.signal()
        group.wait()

        _ = try #require(outcomes.withLock { $0["first"] }).get()
        let second = try #require(outcomes.withLock { $0["second"] }).get()
        #expect(second.matchSummary?.reused == [0, 1, 2], "the second build reuses the first one's complete layers")
        let log = events.withLock { $0 }
        let waits = try #require(log.firstIndex(of: "second waits"), "\(log)")
        let firstDone = try #require(log.firstIndex(of: "first done"))
        let secondStarts = try #require(log.firstIndex(of: "second [1/6] load SAEs"))
        #expect(log.firstIndex(of: "first [7/7] check")! < secondStarts, "\(log)")
        #expect(waits < firstDone && !log[..<waits].contains { $0.hasPrefix("second [") }, "\(log)")
        let folder = try #require(second.siteFolder)
        #expect(try SiteChecker(root: folder).check().isClean)
        let index = try String(contentsOfFile: folder + "/index.html", encoding: .utf8)
        #expect(index.contains("second build") && !index.contains("first build"))
        let hidden = try FileManager.default.contentsOfDirectory(atPath: fixture.root).filter { $0.hasPrefix(".") }
        #expect(hidden.isEmpty, "left beside the site: \(hidden)")
    }

    @Test func theLockIsHeldPerOpenFileAndReleased() throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let path = fixture.root + "/site.lock"
        let held = try OutputLock(path: path, waiting: { _ in Issue.record("the first lock waited") })
        let waiting = DispatchSemaphore(value: 0)
        let waiter = DispatchGroup()
        let messages = Locked<[String]>([])
        DispatchQueue.global().async(group: waiter) {
            let second = try? OutputLock(
                path: path,
                waiting: { message in
                    messages.withLock { $0.append(message) }
                    waiting.signal()
                })
            messages.withLock { $0.append(second == nil ? "failed" : "locked") }
            waiting.signal()  // a lock that did not wait ends the wait too (and fails below)
        }
        let waited = waiting.wait(timeout: .now() + 600) == .success  // a safety net
        #expect(waited, "the second lock did not wait")
        held.release()
        waiter.wait()
        let told = messages.withLock { $0 }
        #expect(told.count == 2 && told[0].contains(path) && told[1] == "locked", "\(told)")
    }
}
