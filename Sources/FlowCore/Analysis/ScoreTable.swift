/// Top-1 scores of every residual feature of every layer: all that classes, graphs and lifespans need.
/// Memory is 32 bytes per residual feature (~14 MB for Gemma 2 2B at 16k), so it stays in RAM.
public struct ScoreTable: Sendable, Equatable {
    /// Layers in ascending order; consecutive layers are compared (a gap breaks chains).
    public private(set) var layers: [LayerScores]
    private var position: [Int: Int]

    public init(layers: [LayerScores]) {
        self.layers = layers.sorted { $0.layer < $1.layer }
        position = Dictionary(uniqueKeysWithValues: self.layers.enumerated().map { ($1.layer, $0) })
    }

    /// The scores of layer `layer`, nil when it was not matched.
    public subscript(layer: Int) -> LayerScores? {
        position[layer].map { layers[$0] }
    }

    /// Layer numbers present.
    public var layerNumbers: [Int] { layers.map(\.layer) }

    /// The top-1 R_{L-1} predecessor of a residual feature, when R_{L-1} was matched.
    public func predecessor(of feature: FeatureID) -> MatchCandidate? {
        guard feature.hookSite == .res, let scores = self[feature.layer], feature.index < scores.count else {
            return nil
        }
        return scores.res?[feature.index]
    }

    /// The forward top-1 continuation in R_{L+1}.
    public func continuation(of feature: FeatureID) -> MatchCandidate? {
        guard feature.hookSite == .res, let scores = self[feature.layer], feature.index < scores.count,
            self[feature.layer + 1] != nil
        else { return nil }
        return scores.forward?[feature.index]
    }

    /// Whether a residual feature id exists in the table.
    public func contains(_ feature: FeatureID) -> Bool {
        feature.hookSite == .res && (self[feature.layer].map { feature.index < $0.count } ?? false)
    }
}
