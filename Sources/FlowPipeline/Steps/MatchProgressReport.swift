import FlowCore
import FlowExport
import Foundation

/// Shows a matching run's progress: a bar with GFLOP/s and a line per finished layer, or a line per finished
/// unit of a shard.
struct MatchProgressReport {
    /// Where progress goes.
    var printer: ProgressPrinter
    /// The shard computed, when the run is one.
    var shard: ShardSpec?

    func show(_ progress: MatchProgress) {
        let rate = String(format: "%.1f GFLOP/s", progress.gflops)
        if let shard {
            guard progress.layerDone else { return }  // a line per unit, not per comparison
            printer.line(
                "  shard \(shard) unit \(progress.layerNumber)/\(progress.layerCount): layer \(progress.layer) "
                    + progress.step + " · " + rate)
        } else if progress.layerDone {
            printer.line(
                "  layer \(progress.layer) done (\(progress.layerNumber)/\(progress.layerCount)) · \(rate) · ETA "
                    + ProgressPrinter.duration(progress.eta))
        } else {
            printer.progress(
                done: progress.flopsDone, total: progress.flopsTotal, elapsed: progress.elapsed,
                detail: "layer \(progress.layer) \(progress.step) · \(rate)")
        }
    }
}
