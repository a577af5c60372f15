import Foundation

/// Rotary position embedding in Hugging Face's rotate-half layout: for `i < d_head/2` the pair
/// `(x[i], x[i + d_head/2])` is rotated by `position · θ_i`, with `θ_i = base^(-2i/d_head)`, adjusted by
/// Llama 3's frequency scaling when the checkpoint has one.
struct RotaryEmbedding: Sendable {
    /// Width of one head.
    let headDimension: Int
    /// `θ_i` for `i < headDimension / 2`.
    let inverseFrequencies: [Double]

    init(headDimension: Int, base: Float, scaling: RopeScaling?) {
        self.headDimension = headDimension
        let half = headDimension / 2
        var frequencies = (0..<half).map { i in 1 / pow(Double(base), Double(2 * i) / Double(headDimension)) }
        if let scaling {
            // transformers' _compute_llama3_parameters.
            let factor = Double(scaling.factor)
            let low = Double(scaling.lowFrequencyFactor)
            let high = Double(scaling.highFrequencyFactor)
            let original = Double(scaling.originalContextLength)
            let lowWavelength = original / low
            let highWavelength = original / high
            frequencies = frequencies.map { frequency in
                let wavelength = 2 * Double.pi / frequency
                if wavelength < highWavelength { return frequency }
                if wavelength > lowWavelength { return frequency / factor }
                let smooth = (original / wavelength - low) / (high - low)
                return (1 - smooth) * frequency / factor + smooth * frequency
            }
        }
        inverseFrequencies = frequencies
    }

    /// Cosines and sines for `positions`, `[positions.count, d_head/2]` each.
    func table(positions: Range<Int>) -> (cos: [Float], sin: [Float]) {
        let half = headDimension / 2
        var cosines = [Float](repeating: 0, count: positions.count * half)
        var sines = [Float](repeating: 0, count: positions.count * half)
        for (row, position) in positions.enumerated() {
            for i in 0..<half {
                let angle = Double(position) * inverseFrequencies[i]
                cosines[row * half + i] = Float(cos(angle))
                sines[row * half + i] = Float(sin(angle))
            }
        }
        return (cosines, sines)
    }

    /// Rotates `heads` heads of every row of `x` in place; row `r` (of `rows`, `stride` floats apart)
    /// sits at position row `r % positionsPerSequence` of the table.
    func apply(
        _ x: UnsafeMutablePointer<Float>, rows: Int, stride: Int, heads: Int, positionsPerSequence: Int,
        cos: UnsafePointer<Float>, sin: UnsafePointer<Float>
    ) {
        let half = headDimension / 2
        for r in 0..<rows {
            let c = cos + (r % positionsPerSequence) * half
            let s = sin + (r % positionsPerSequence) * half
            for h in 0..<heads {
                let v = x + r * stride + h * headDimension
                for i in 0..<half {
                    let a = v[i]
                    let b = v[i + half]
                    v[i] = a * c[i] - b * s[i]
                    v[i + half] = b * c[i] + a * s[i]
                }
            }
        }
    }
}
