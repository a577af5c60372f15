import Dispatch
import FlowDiagnostics
import Testing

/// The lock box keeps every change made from many threads.
@Suite struct LockedTests {
    @Test func concurrentIncrementsAreAllKept() {
        let total = Locked(0)
        DispatchQueue.concurrentPerform(iterations: 64) { _ in
            for _ in 0..<1000 { total.withLock { $0 += 1 } }
        }
        #expect(total.current == 64_000)
    }
}
