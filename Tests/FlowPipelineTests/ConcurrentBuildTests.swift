import FlowCore
import FlowReport
import Foundation
import Testing

@testable import FlowPipeline

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

    /// Ordered events from both builds.
    final class Events: @unchecked Sendable {
        private let lock = NSLock()
        private var list: [String] = []
        func add(_ event: String) {
            lock.lock()
            list.append(event)
            lock.unlock()
        }
        var all: [String] {
            lock.lock()
            defer { lock.unlock() }
            return list
        }
    }

    @Test func aSecondBuildIntoTheSameFolderWaitsForTheFirst() throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let events = Events()
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
            if chunk.hasPrefix("[") { events.add("first " + chunk.trimmingCharacters(in: .newlines)) }
        }
        let secondLines = CapturedLines { chunk in
            if chunk.contains("waiting for it to finish") {
                events.add("second waits")
                secondWaits.signal()
            } else if chunk.hasPrefix("[") {
                events.add("second " + chunk.trimmingCharacters(in: .newlines))
            }
        }
        let results = Results()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            results.set(first: Result { try Pipeline.run(first, stages: gated, printer: firstLines.printer) })
            events.add("first done")
        }
        try #require(reached.wait(timeout: .now() + 600) == .success, "the first build never reached its gate")
        DispatchQueue.global().async(group: group) {
            results.set(
                second: Result {
                    try Pipeline.run(fixture.buildRequest(title: "second build"), printer: secondLines.printer)
                })
            events.add("second done")
            secondWaits.signal()  // a second build that did not wait ends the wait too (and fails below)
        }
        // A safety net, not a timing assertion: without it a broken lock would hang the suite.
        let waited = secondWaits.wait(timeout: .now() + 600) == .success
        #expect(waited, "the second build did not wait for the first")
        release.signal()
        group.wait()

        _ = try results.first!.get()
        let second = try results.second!.get()
        #expect(second.matchSummary?.reused == [0, 1, 2], "the second build reuses the first one's complete layers")
        let log = events.all
        let waits = try #require(log.firstIndex(of: "second waits"))
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
        var told: [String] = []
        let released = DispatchSemaphore(value: 0)
        let waiter = DispatchGroup()
        let messages = Events()
        DispatchQueue.global().async(group: waiter) {
            let second = try? OutputLock(
                path: path,
                waiting: { message in
                    messages.add(message)
                    released.signal()
                })
            messages.add(second == nil ? "failed" : "locked")
        }
        let waited = released.wait(timeout: .now() + 600) == .success  // the second lock is waiting (a safety net)
        #expect(waited, "the second lock did not wait")
        held.release()
        waiter.wait()
        told = messages.all
        #expect(told.count == 2 && told[0].contains(path) && told[1] == "locked", "\(told)")
    }
}

/// The two builds' outcomes, set from their threads.
final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var first: Result<PipelineReport, any Error>?
    private(set) var second: Result<PipelineReport, any Error>?

    func set(first value: Result<PipelineReport, any Error>) {
        lock.lock()
        first = value
        lock.unlock()
    }

    func set(second value: Result<PipelineReport, any Error>) {
        lock.lock()
        second = value
        lock.unlock()
    }
}
