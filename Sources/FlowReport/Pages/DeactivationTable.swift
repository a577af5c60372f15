import CanonicalOutput
import FlowCore
import SiteKit

/// The deactivation results in the paper's Table 1 form: rows top1 / top5 / random5 (r = 0), per layer and overall
/// the success rate (target inactive) and the mean change 1 − z_new / z_old, with the sample sizes; and the r sweep
/// (mean change against r per mode, sample-weighted over the layers).
struct DeactivationTable {
    let rows: [Deactivation]
    let layers: [Int]

    init(_ rows: [Deactivation]) {
        self.rows = rows
        layers = Array(Set(rows.filter { $0.r == 0 }.map(\.layer))).sorted()
    }

    /// Sample-weighted success rate and mean change of `mode` at r over `layers` (nil without samples).
    func pooled(mode: String, r: Double, layers: [Int]) -> (samples: Int, success: Double, change: Double)? {
        let selected = rows.filter { $0.mode == mode && $0.r == r && layers.contains($0.layer) }
        let samples = selected.reduce(0) { $0 + $1.samples }
        guard samples > 0 else { return nil }
        let successes = selected.reduce(0) { $0 + $1.successes }
        let change = selected.reduce(0.0) { $0 + $1.meanChange * Double($1.samples) } / Double(samples)
        return (samples, Double(successes) / Double(samples), change)
    }

    /// Template values: the layer header, one row per mode with a cell pair per layer and overall.
    var model: EvidencePageModel.Deactivation {
        let columns = layers.map { [$0] } + [layers]
        let modeRows = EvidencePage.modes.compactMap { mode -> EvidencePageModel.Deactivation.Row? in
            guard rows.contains(where: { $0.mode == mode && $0.r == 0 }) else { return nil }
            return .init(
                mode: mode,
                cells: columns.map { layers in
                    guard let p = pooled(mode: mode, r: 0, layers: layers) else {
                        return .init(success: "-", change: "-", samples: "0")
                    }
                    return .init(
                        success: PageValues.percent(p.success), change: Fmt.fixed(p.change, digits: 3),
                        samples: PageValues.count(p.samples))
                })
        }
        let samples = columns.map { layers in
            PageValues.count(pooled(mode: EvidencePage.modes[0], r: 0, layers: layers)?.samples ?? 0)
        }
        return .init(layers: layers.map { .init(layer: $0) }, rows: modeRows, sampleCounts: samples)
    }

    /// Mean change against r, one line per mode.
    func sweepChart() -> LineChart {
        let rs = Array(Set(rows.map(\.r))).sorted()
        let series = EvidencePage.modes.compactMap { mode -> LineChart.Series? in
            let points = rs.compactMap { r in pooled(mode: mode, r: r, layers: layers).map { (x: r, y: $0.change) } }
            return points.isEmpty ? nil : LineChart.Series(name: mode, points: points)
        }
        return LineChart(
            title: "r sweep: mean activation change 1 − z_new/z_old against the rescaling factor r, all sampled layers",
            xTitle: "r (0 removes the predecessors)", yTitle: "mean change", series: series)
    }
}
