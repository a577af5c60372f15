import CVectorKernels

#if canImport(Glibc)
    import Glibc
#endif

/// A seeded sign sketch of D-dimensional rows (SimHash with structured hyperplanes): each of `rounds`
/// rounds zero-pads the row to P = the next power of two ≥ D, applies seeded random signs and a fast
/// Walsh–Hadamard transform, and keeps the signs of up to P seeded coordinates; the rounds' bits are
/// concatenated up to `bits`.
///
/// Each bit is the side of a hyperplane through the origin, so two rows at angle θ agree on a bit with
/// probability ≈ 1 − θ/π, and their sketch score S (agreeing minus differing bits, of b) has mean
/// ≈ b·(1 − 2θ/π) and standard deviation ≈ 2·√(b·p·(1 − p)), p = θ/π (`expectedScore(cosine:)`,
/// `scoreDeviation(cosine:)`). Per unit of work this separates a weak match from chance better than a
/// float projection: 1280 bits (160 bytes, compared with XOR and popcount) carry the signal-to-noise of a
/// ≈ 520-dimensional float projection (near cosine 0 a sign bit has (π/2)² times the variance of a float
/// coordinate), at about the cost of a 240-dimensional one. See docs/scale.md.
///
/// Deterministic: a row's sketch depends on that row alone.
public struct SketchProjection: Sendable, Equatable {
    /// D, the width of the rows sketched.
    public let inputDimension: Int
    /// b, the sign bits per row.
    public let bits: Int
    /// The seed.
    public let seed: UInt64
    /// P, the transform length (a power of two ≥ D).
    public let transformLength: Int
    /// Per round, the sign (±1) applied to each input coordinate.
    public let signs: [[Float]]
    /// Per round, the transform coordinates whose signs are kept (distinct, < P).
    public let kept: [[Int]]

    /// A sketch of `bits` bits (≥ 1) for rows of `inputDimension` coordinates.
    public init(inputDimension: Int, bits: Int, seed: UInt64) {
        precondition(inputDimension > 0 && bits > 0, "sketch dimensions must be positive")
        var length = 1
        while length < inputDimension { length *= 2 }
        self.inputDimension = inputDimension
        self.bits = bits
        self.seed = seed
        transformLength = length
        var random = SplitMix64(seed: seed)
        var signs: [[Float]] = []
        var kept: [[Int]] = []
        var remaining = bits
        while remaining > 0 {
            signs.append((0..<inputDimension).map { _ in random.next() & 1 == 0 ? 1 : -1 })
            let d = min(remaining, length)
            // A seeded partial Fisher–Yates shuffle picks d distinct coordinates.
            var order = Array(0..<length)
            for i in 0..<d {
                let j = i + Int(random.next() % UInt64(length - i))
                order.swapAt(i, j)
            }
            kept.append(Array(order.prefix(d)))
            remaining -= d
        }
        self.signs = signs
        self.kept = kept
    }

    /// The sketches of `rows`, computed over `threads` workers (the result does not depend on their number).
    public func sketch(_ rows: Matrix, threads: Int = max(1, LinearAlgebra.openBLASThreads)) -> SignSketch {
        precondition(rows.columns == inputDimension, "rows must be \(inputDimension)-d")
        var result = SignSketch(rows: rows.rows, bits: bits)
        guard rows.rows > 0 else { return result }
        let (n, length, words) = (inputDimension, transformLength, result.words)
        let flatSigns = signs.flatMap { $0 }
        let flatKept = kept.flatMap { $0.map { Int32($0) } }
        let counts = kept.map(\.count)
        flatSigns.withUnsafeBufferPointer { signs in
            flatKept.withUnsafeBufferPointer { kept in
                rows.values.withUnsafeBufferPointer { input in
                    result.values.withUnsafeMutableBufferPointer { output in
                        let shared = UncheckedSendable(
                            (
                                input: input.baseAddress!, output: output.baseAddress!, signs: signs.baseAddress!,
                                kept: kept.baseAddress!
                            ))
                        Parallel.forEachPart(rows.rows, threads: threads, minimum: 64) { part in
                            let buffer = UnsafeMutablePointer<Float>.allocate(capacity: length)
                            defer { buffer.deallocate() }
                            for r in part {
                                var bit = 0
                                for (round, count) in counts.enumerated() {
                                    ff_sign_sketch_row(
                                        shared.value.input + r * n, n, shared.value.signs + round * n, length,
                                        shared.value.kept + bit, count, buffer, shared.value.output + r * words, bit)
                                    bit += count
                                }
                            }
                        }
                    }
                }
            }
        }
        return result
    }

    /// The mean sketch score of two rows with cosine `cosine`: b·(1 − 2θ/π), θ = arccos(cosine).
    public func expectedScore(cosine: Double) -> Double {
        let theta = acos(min(1, max(-1, cosine)))
        return Double(bits) * (1 - 2 * theta / Double.pi)
    }

    /// The standard deviation of the sketch score of two rows with cosine `cosine`: 2·√(b·p·(1 − p)), p = θ/π.
    public func scoreDeviation(cosine: Double) -> Double {
        let p = acos(min(1, max(-1, cosine))) / Double.pi
        return 2 * (Double(bits) * p * (1 - p)).squareRoot()
    }
}
