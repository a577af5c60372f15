import Foundation

/// Llama 3 RoPE scaling recovered from a GGUF file. llama.cpp's converter does not store `rope_scaling`;
/// it stores the per-frequency divisors it implies as the tensor `rope_freqs.weight` (1 for high
/// frequencies, `factor` for low ones, a smooth blend between). This reads them back: `factor` is the
/// largest divisor, `low_freq_factor` is taken as 1 (every Llama 3.x release), and `high_freq_factor` and
/// `original_max_position_embeddings` come from a least-squares line through the blended frequencies;
/// the result must reproduce every stored divisor to 1e-3, or the file is refused.
enum GGUFRopeScaling {
    /// The scaling implied by `factors` (one per pair of head dimensions) for RoPE base `theta`, or nil
    /// when every factor is 1; throws a description when the factors are not Llama 3's shape.
    static func infer(factors: [Float], theta: Float, headDimension: Int) throws -> RopeScaling? {
        guard factors.count * 2 == headDimension, factors.allSatisfy({ $0.isFinite && $0 >= 1 }) else {
            throw Failure(description: "rope_freqs.weight must hold \(headDimension / 2) factors ≥ 1")
        }
        let factor = Double(factors.max() ?? 1)
        guard factor > 1 + 1e-6 else { return nil }
        let wavelengths = (0..<factors.count).map {
            2 * Double.pi * pow(Double(theta), 2 * Double($0) / Double(headDimension))
        }
        // Blended points: smooth = (1/f − 1/factor) / (1 − 1/factor) = original/(wavelength·(h − 1)) − 1/(h − 1).
        var points: [(x: Double, y: Double)] = []
        for (value, wavelength) in zip(factors, wavelengths)
        where Double(value) > 1 + 1e-4 && Double(value) < factor - 1e-4 {
            points.append((1 / wavelength, (1 / Double(value) - 1 / factor) / (1 - 1 / factor)))
        }
        guard points.count >= 2 else { throw Failure(description: "rope_freqs.weight has too few blended frequencies") }
        let n = Double(points.count)
        let meanX = points.map(\.x).reduce(0, +) / n
        let meanY = points.map(\.y).reduce(0, +) / n
        let slope =
            points.map { ($0.x - meanX) * ($0.y - meanY) }.reduce(0, +)
            / points.map { ($0.x - meanX) * ($0.x - meanX) }.reduce(0, +)
        let intercept = meanY - slope * meanX
        guard intercept < 0, slope > 0 else { throw Failure(description: "rope_freqs.weight is not a Llama 3 blend") }
        let high = 1 - 1 / intercept
        let original = (slope * (high - 1)).rounded()
        let scaling = RopeScaling(
            factor: Float(factor), lowFrequencyFactor: 1, highFrequencyFactor: Float(high),
            originalContextLength: Int(original))
        for (value, wavelength) in zip(factors, wavelengths) {
            let expected = divisor(scaling, wavelength: wavelength)
            guard abs(expected - Double(value)) <= 1e-3 * Double(value) else {
                throw Failure(
                    description: "rope_freqs.weight is not a Llama 3 blend (a factor \(value) vs \(expected))")
            }
        }
        return scaling
    }

    /// The divisor Llama 3 scaling applies to the frequency of `wavelength` (convert_hf_to_gguf.py's formula).
    static func divisor(_ scaling: RopeScaling, wavelength: Double) -> Double {
        let original = Double(scaling.originalContextLength)
        let low = Double(scaling.lowFrequencyFactor)
        let high = Double(scaling.highFrequencyFactor)
        let factor = Double(scaling.factor)
        if wavelength < original / high { return 1 }
        if wavelength > original / low { return factor }
        let smooth = (original / wavelength - low) / (high - low)
        return 1 / ((1 - smooth) / factor + smooth)
    }

    /// Why the factors were refused.
    struct Failure: Error {
        var description: String
    }
}
