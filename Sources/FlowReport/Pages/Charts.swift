import FlowCore
import SiteKit

/// The report's charts, from layer statistics, as inline SVG.
enum Charts {
    static func classBars(_ stats: [LayerStatistics]) throws -> String {
        let layers = stats.map { s in
            ClassBarLayer(
                layer: s.layer,
                // Features of unknown origin are left out: a gap layer's bar stays empty.
                counts: Dictionary(
                    uniqueKeysWithValues: s.classCounts.filter { $0.key != .unknown }.map {
                        (FlowNodeClass($0.key), $0.value)
                    }),
                href: SiteLinks.layerPage(s.layer), unknown: s.classCounts[.unknown] ?? 0)
        }
        return try ClassBarChartRenderer().inlineSVG(
            ClassBarChart(
                title: "Origin classes per layer (share of residual features)", layers: layers, normalized: true))
    }

    /// s(R), s(M), s(A) histograms, one row of three panels per layer.
    static func histograms(_ stats: [LayerStatistics], columns: Int = 3) throws -> String {
        var panels: [HistogramPanel] = []
        for s in stats {
            let entries: [(String, [Int]?, Float)] = [
                ("s(R)", s.resHistogram, s.thresholds.res), ("s(M)", s.mlpHistogram, s.thresholds.mlp),
                ("s(A)", s.attHistogram, s.thresholds.att),
            ]
            for (name, bins, threshold) in entries {
                panels.append(
                    HistogramPanel(
                        title: "L\(s.layer) \(name)", bins: bins ?? Array(repeating: 0, count: LayerStatistics.bins),
                        threshold: Double(threshold), href: stats.count > 1 ? SiteLinks.layerPage(s.layer) : nil))
            }
        }
        return try HistogramGridRenderer().inlineSVG(
            HistogramGrid(
                title: "Top-1 cosine distributions (dashed line: class threshold)", panels: panels, columns: columns))
    }

    /// How many chains live 1, 2, … layers.
    static func lifespans(_ analysis: FlowAnalysis) throws -> String {
        var counts: [Int: Int] = [:]
        for scores in analysis.table.layers {
            guard let births = analysis.lifespans.birth[scores.layer], let ends = analysis.lifespans.end[scores.layer]
            else { continue }
            let classes = analysis.classification.classes[scores.layer] ?? []
            // A chain that starts at a gap (unknown origin) has no known lifespan.
            for i in 0..<scores.count where Int(births[i]) == scores.layer && classes[i] != .unknown {
                counts[Int(ends[i]) - Int(births[i]) + 1, default: 0] += 1
            }
        }
        let longest = counts.keys.max() ?? 1
        let bars = (1...longest).map { BarChartBar(label: String($0), value: Double(counts[$0] ?? 0)) }
        return try BarChartRenderer().inlineSVG(
            BarChart(title: "Chains by lifespan", xLabel: "layers lived", yLabel: "chains", bars: bars))
    }

    static func processed(_ stats: [LayerStatistics]) throws -> String {
        let bars = stats.map {
            BarChartBar(
                label: String($0.layer), value: Double($0.classCounts[.processed] ?? 0),
                href: SiteLinks.layerPage($0.layer), nodeClass: .processed)
        }
        return try BarChartRenderer().inlineSVG(
            BarChart(title: "Processed features per layer", xLabel: "layer", yLabel: "features", bars: bars))
    }

    /// Newborn features per layer by birthplace (stacked).
    static func births(_ stats: [LayerStatistics]) throws -> String {
        let layers = stats.map { s in
            ClassBarLayer(
                layer: s.layer,
                counts: [
                    .newbornMLP: s.classCounts[.newbornMLP] ?? 0, .newbornAttention: s.classCounts[.newbornAtt] ?? 0,
                    .newbornBoth: s.classCounts[.newbornBoth] ?? 0,
                ], href: SiteLinks.layerPage(s.layer))
        }
        var renderer = ClassBarChartRenderer()
        renderer.idPrefix = "births"
        return try renderer.inlineSVG(
            ClassBarChart(
                title: "Newborn features per layer: MLP-born, attention-born, both",
                classes: [.newbornMLP, .newbornAttention, .newbornBoth], layers: layers))
    }
}
