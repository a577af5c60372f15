/// Keys and values of the positions already run, per layer, for incremental decoding: a forward
/// pass with a cache runs only the new tokens and attends to the cached ones.
public final class KeyValueCache: @unchecked Sendable {
    /// Sequences the cache holds.
    public let sequences: Int
    /// Positions each sequence can hold.
    public let capacity: Int
    /// Positions filled so far (the same for every sequence).
    public internal(set) var count: Int = 0
    /// Width of one position's keys (key/value heads × head width).
    let width: Int
    /// Per layer `[sequences, capacity, width]` (owned; freed in `deinit`).
    let keys: [UnsafeMutablePointer<Float>]
    /// Per layer `[sequences, capacity, width]` (owned; freed in `deinit`).
    let values: [UnsafeMutablePointer<Float>]

    /// An empty cache for `sequences` sequences of up to `capacity` positions of a model of `config`.
    public init(config: ModelConfig, sequences: Int = 1, capacity: Int) {
        self.sequences = sequences
        self.capacity = capacity
        width = config.keyValueHeadCount * config.headDimension
        let size = sequences * capacity * width
        func buffer() -> UnsafeMutablePointer<Float> {
            let pointer = UnsafeMutablePointer<Float>.allocate(capacity: max(1, size))
            pointer.initialize(repeating: 0, count: max(1, size))
            return pointer
        }
        keys = (0..<config.layerCount).map { _ in buffer() }
        values = (0..<config.layerCount).map { _ in buffer() }
    }

    deinit {
        for pointer in keys + values { pointer.deallocate() }
    }

    /// Forgets every position (the buffers are kept).
    public func reset() { count = 0 }

    /// Forgets positions from `position` on (for re-running a suffix).
    public func truncate(to position: Int) { count = min(count, max(0, position)) }
}
