/// Origin classes of every residual feature, with the thresholds used at each layer.
public struct Classification: Sendable, Equatable {
    /// Thresholds per layer (the same everywhere in fixed mode).
    public var thresholds: [Int: ClassThresholds]
    /// Class per layer, per feature.
    public var classes: [Int: [OriginClass]]
    /// Layers above 0 matched without R_{L-1}: every feature there has an unknown origin.
    public var gaps: Set<Int>

    /// Classifies every feature of `table` under `mode`. At a layer L > 0 without an R_{L-1} column every
    /// feature is `unknown` (layer 0 has no residual predecessor in the model, so it is classed by its
    /// modules alone).
    public init(table: ScoreTable, mode: ThresholdMode) {
        var thresholds: [Int: ClassThresholds] = [:]
        var classes: [Int: [OriginClass]] = [:]
        var gaps: Set<Int> = []
        for scores in table.layers {
            let t = Self.thresholds(for: scores, mode: mode)
            thresholds[scores.layer] = t
            if scores.layer > 0 && scores.res == nil {
                gaps.insert(scores.layer)
                classes[scores.layer] = Array(repeating: .unknown, count: scores.count)
                continue
            }
            classes[scores.layer] = (0..<scores.count).map { i in
                OriginClass.classify(
                    res: scores.res?.cosines[i], mlp: scores.mlp?.cosines[i], att: scores.att?.cosines[i],
                    thresholds: t)
            }
        }
        self.thresholds = thresholds
        self.classes = classes
        self.gaps = gaps
    }

    /// The classes reports list: the six known ones, and `unknown` when some layer is a gap.
    public var reportedClasses: [OriginClass] { gaps.isEmpty ? OriginClass.known : OriginClass.allCases }

    /// The class of a residual feature (nil for MLP/attention features, which have no class).
    public func originClass(of feature: FeatureID) -> OriginClass? {
        guard feature.hookSite == .res, let layer = classes[feature.layer], feature.index < layer.count else {
            return nil
        }
        return layer[feature.index]
    }

    /// Thresholds of one layer under a mode; a quantile of an absent column falls back to 1 (nothing passes).
    static func thresholds(for scores: LayerScores, mode: ThresholdMode) -> ClassThresholds {
        switch mode {
        case .fixed(let t): return t
        case .quantile(let q):
            func quantile(_ column: TopOneColumn?) -> Float {
                guard let values = column?.cosines.filter({ !$0.isNaN }), !values.isEmpty else { return 1 }
                return Statistics.quantile(values.sorted(), q)
            }
            return ClassThresholds(res: quantile(scores.res), mlp: quantile(scores.mlp), att: quantile(scores.att))
        }
    }
}
