import FlowCore
import Foundation

/// The fixed activation-histogram bins every SAE and every shard shares, so histograms merge by adding
/// counts: bin 0 is [0, 2⁻⁸), then two bins per octave up to 2¹⁶, the last bin also holding anything above.
/// Stored histograms keep only the bins from the first to the last non-empty one (a sub-range of the grid).
public enum HistogramGrid {
    /// The lowest positive edge is 2^lowExponent, the top edge 2^highExponent.
    static let lowExponent = -8
    static let highExponent = 16
    /// Bins per octave.
    static let perOctave = 2

    /// The edges of the full grid: 0, 2⁻⁸, 2^−7.5, …, 2¹⁶.
    public static let edges: [Double] =
        [0]
        + (0...((highExponent - lowExponent) * perOctave)).map {
            exp2(Double(lowExponent) + Double($0) / Double(perOctave))
        }

    /// Number of bins of the full grid.
    public static var binCount: Int { edges.count - 1 }

    /// The bin of a non-negative activation: the i with edges[i] ≤ value < edges[i + 1] (clamped to the
    /// last bin above the top edge).
    @inline(__always)
    public static func bin(_ value: Float) -> Int {
        let v = Double(value)
        guard v >= edges[1] else { return 0 }
        let guess = 1 + Int(((log2(v) - Double(lowExponent)) * Double(perOctave)).rounded(.down))
        var b = min(binCount - 1, max(1, guess))
        while b > 1 && v < edges[b] { b -= 1 }
        while b < binCount - 1 && v >= edges[b + 1] { b += 1 }
        return b
    }

    /// The stored form of full-grid `counts`: the non-empty span with its edges.
    public static func histogram(counts: [Int]) -> ActivationHistogram {
        guard let first = counts.firstIndex(where: { $0 > 0 }), let last = counts.lastIndex(where: { $0 > 0 }) else {
            return ActivationHistogram(edges: [], counts: [])
        }
        return ActivationHistogram(edges: Array(edges[first...(last + 1)]), counts: Array(counts[first...last]))
    }
}
