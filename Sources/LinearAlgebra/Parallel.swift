import Dispatch

/// Data-parallel loops over disjoint parts of a range (the callers' workers write disjoint memory).
public enum Parallel {
    /// The number of workers used by default: OpenBLAS's thread count (the cores it was told to use).
    public static var defaultThreads: Int { max(1, LinearAlgebra.openBLASThreads) }

    /// Runs `body` over `0..<count` split into up to `threads` contiguous parts (multiples of 8 except the
    /// last), in parallel; serially when there is one part or fewer than `minimum` items per part.
    public static func forEachPart(
        _ count: Int, threads: Int = defaultThreads, minimum: Int, _ body: (Range<Int>) -> Void
    ) {
        let parts = max(1, min(threads, count / max(minimum, 1)))
        if parts == 1 {
            body(0..<count)
            return
        }
        let size = (count / parts + 7) / 8 * 8
        withoutActuallyEscaping(body) { body in
            let box = PartBody(body)
            DispatchQueue.concurrentPerform(iterations: parts) { p in
                let lo = min(count, p * size)
                let hi = p == parts - 1 ? count : min(count, lo + size)
                if lo < hi { box.body(lo..<hi) }
            }
        }
    }
}

/// A closure handed to `DispatchQueue.concurrentPerform` workers that touch disjoint memory.
private final class PartBody: @unchecked Sendable {
    let body: (Range<Int>) -> Void
    init(_ body: @escaping (Range<Int>) -> Void) { self.body = body }
}

/// Raw buffers handed to parallel workers, each of which touches only its own part: the one place where
/// the compiler is told that sharing them is safe.
public struct UncheckedSendable<Value>: @unchecked Sendable {
    /// The wrapped value (typically a tuple of buffer base addresses).
    public let value: Value

    /// Wraps `value`.
    public init(_ value: Value) { self.value = value }
}
