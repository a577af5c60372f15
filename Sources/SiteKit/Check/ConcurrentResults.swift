import Foundation

/// A fixed-size array that several threads fill, each index written once.
final class ConcurrentResults<Value: Sendable>: @unchecked Sendable {
    private var values: [Value?]
    private let lock = NSLock()

    /// `count` empty slots.
    init(count: Int) { values = Array(repeating: nil, count: count) }

    /// Stores `value` at `index`.
    func set(_ index: Int, _ value: Value) {
        lock.lock()
        values[index] = value
        lock.unlock()
    }

    /// The value at `index`, nil when not yet set.
    func get(_ index: Int) -> Value? {
        lock.lock()
        defer { lock.unlock() }
        return values[index]
    }
}
