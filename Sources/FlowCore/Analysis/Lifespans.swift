/// The lifespan of the chain through every residual feature (METHOD.md §4.6): the contiguous run of
/// layers over which the chain keeps s(R) ≥ the persistence threshold of each link's later layer.
public struct Lifespans: Sendable, Equatable {
    /// The persistence threshold on s(R) (the one in force at every layer without an entry in `layerThresholds`).
    public var threshold: Float
    /// Per-layer thresholds on s(R) (layer L: links R_{L-1} → R_L), e.g. the classes' t_R under a quantile mode;
    /// empty when `threshold` holds everywhere.
    public var layerThresholds: [Int: Float] = [:]
    /// Per layer, per feature: first layer of the run (walking best predecessors back).
    public var birth: [Int: [Int32]]
    /// Per layer, per feature: last layer the chain reaches forward through any descendant.
    public var end: [Int: [Int32]]

    /// Computes births bottom-up and ends top-down, O(features).
    public init(table: ScoreTable, descendants: DescendantIndex, threshold: Float, layerThresholds: [Int: Float] = [:])
    {
        self.threshold = threshold
        self.layerThresholds = layerThresholds
        var birth: [Int: [Int32]] = [:]
        for scores in table.layers {
            let below = birth[scores.layer - 1]
            let threshold = layerThresholds[scores.layer] ?? threshold
            birth[scores.layer] = (0..<scores.count).map { i in
                if let below, let match = scores.res?[i], match.cosine >= threshold, match.index < below.count {
                    return below[match.index]
                }
                return Int32(scores.layer)
            }
        }
        var end: [Int: [Int32]] = [:]
        for scores in table.layers.reversed() {
            let above = end[scores.layer + 1]
            let next = table[scores.layer + 1]
            let threshold = layerThresholds[scores.layer + 1] ?? threshold
            end[scores.layer] = (0..<scores.count).map { i in
                var last = Int32(scores.layer)
                guard let above, let parents = next?.res else { return last }
                for child in descendants.descendants(of: FeatureID(layer: scores.layer, hookSite: .res, index: i))
                where parents.cosines[child] >= threshold {
                    last = max(last, above[child])
                }
                return last
            }
        }
        self.birth = birth
        self.end = end
    }

    /// The threshold on s(R) of links into layer `layer`.
    public func threshold(at layer: Int) -> Float { layerThresholds[layer] ?? threshold }

    /// Birth and end layer of a residual feature's chain.
    public func span(of feature: FeatureID) -> ClosedRange<Int>? {
        guard let b = birth[feature.layer], let e = end[feature.layer], feature.index < b.count else { return nil }
        return Int(b[feature.index])...Int(e[feature.index])
    }
}
