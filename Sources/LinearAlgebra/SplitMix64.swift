/// SplitMix64 (Steele, Lea, Flood 2014): a tiny 64-bit mixer used to seed and to derive independent streams.
public struct SplitMix64: Sendable {
    /// The running state.
    public private(set) var state: UInt64

    /// A generator starting at `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A well-mixed key for the stream named by `parts` under `seed` (same inputs, same key, on every platform).
    public static func key(_ seed: UInt64, _ parts: UInt64...) -> UInt64 {
        var mixer = SplitMix64(seed: seed)
        var key = mixer.next()
        for part in parts {
            mixer = SplitMix64(seed: key ^ part)
            key = mixer.next()
        }
        return key
    }
}
