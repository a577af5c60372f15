/// Small numeric helpers shared by the analysis.
public enum Statistics {
    /// The q-quantile (0…1) of ascending `sorted` values by linear interpolation; NaN when empty.
    public static func quantile(_ sorted: [Float], _ q: Float) -> Float {
        guard !sorted.isEmpty else { return .nan }
        let clamped = min(max(q, 0), 1)
        let position = clamped * Float(sorted.count - 1)
        let low = Int(position.rounded(.down))
        let high = min(low + 1, sorted.count - 1)
        let fraction = position - Float(low)
        return sorted[low] + (sorted[high] - sorted[low]) * fraction
    }

    /// Counts of `values` in `bins` equal bins over [lower, upper]; values outside are clamped into the
    /// end bins, NaN is skipped.
    public static func histogram(_ values: [Float], bins: Int, lower: Float, upper: Float) -> [Int] {
        var counts = Array(repeating: 0, count: bins)
        let width = (upper - lower) / Float(bins)
        for value in values where !value.isNaN {
            let bin = Int(((value - lower) / width).rounded(.down))
            counts[min(max(bin, 0), bins - 1)] += 1
        }
        return counts
    }
}
