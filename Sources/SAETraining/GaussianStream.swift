import Foundation
import LinearAlgebra

/// Seeded standard-normal floats (Box–Muller over SplitMix64): the same seed gives the same numbers on
/// every machine.
public struct GaussianStream: Sendable {
    private var bits: SplitMix64
    private var spare: Float?

    /// A stream starting at `seed`.
    public init(seed: UInt64) { bits = SplitMix64(seed: seed) }

    /// A uniform float in (0, 1].
    public mutating func uniform() -> Float {
        Float((bits.next() >> 40) + 1) / Float(1 << 24)
    }

    /// The next standard-normal value.
    public mutating func next() -> Float {
        if let value = spare {
            spare = nil
            return value
        }
        let u = Double(uniform())
        let v = Double(uniform())
        let radius = (-2 * log(u)).squareRoot()
        spare = Float(radius * sin(2 * Double.pi * v))
        return Float(radius * cos(2 * Double.pi * v))
    }
}
