/// Per-layer figures for the report: class counts, score histograms, births and ends.
public struct LayerStatistics: Codable, Sendable, Equatable {
    /// Histogram bins over [0, 1] (cosines below 0 fall in the first bin).
    public static let bins = 20

    public var layer: Int
    public var featureCount: Int
    /// Count per origin class (every class present, zero when none; `unknown` at gaps).
    public var classCounts: [OriginClass: Int]
    /// Histograms of s(R), s(M), s(A); nil when that position was not matched.
    public var resHistogram: [Int]?
    public var mlpHistogram: [Int]?
    public var attHistogram: [Int]?
    /// Chains that start at this layer (birth == layer), not counting features of unknown origin.
    public var births: Int
    /// Chains that end at this layer (end == layer).
    public var ends: Int
    /// The thresholds used at this layer.
    public var thresholds: ClassThresholds

    /// Statistics of every layer of an analysis.
    public static func all(_ analysis: FlowAnalysis) -> [LayerStatistics] {
        analysis.table.layers.map { scores in
            let classes = analysis.classification.classes[scores.layer] ?? []
            var counts = Dictionary(uniqueKeysWithValues: OriginClass.allCases.map { ($0, 0) })
            for value in classes { counts[value, default: 0] += 1 }
            // A chain that starts at a gap may have started earlier: it is not a birth.
            let births =
                analysis.lifespans.birth[scores.layer].map { birth in
                    (0..<scores.count).filter { Int(birth[$0]) == scores.layer && classes[$0] != .unknown }.count
                } ?? 0
            let ends = analysis.lifespans.end[scores.layer]?.filter { Int($0) == scores.layer }.count ?? 0
            func histogram(_ column: TopOneColumn?) -> [Int]? {
                column.map { Statistics.histogram($0.cosines, bins: bins, lower: 0, upper: 1) }
            }
            return LayerStatistics(
                layer: scores.layer, featureCount: scores.count, classCounts: counts,
                resHistogram: histogram(scores.res), mlpHistogram: histogram(scores.mlp),
                attHistogram: histogram(scores.att), births: births, ends: ends,
                thresholds: analysis.classification.thresholds[scores.layer] ?? .default)
        }
    }
}
