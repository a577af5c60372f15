/// A closure handed to `DispatchQueue.concurrentPerform` workers that touch disjoint memory.
final class SplitBody: @unchecked Sendable {
    /// The work on one part.
    let body: (Range<Int>) -> Void

    /// Wraps `body`.
    init(_ body: @escaping (Range<Int>) -> Void) { self.body = body }
}
