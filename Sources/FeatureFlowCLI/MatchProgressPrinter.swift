import FlowCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Prints matching progress on stderr: one line per layer with throughput and ETA; on a terminal,
/// the step in progress is shown in place.
final class MatchProgressPrinter {
    let enabled: Bool
    let interactive: Bool
    var pendingLine = false

    init(enabled: Bool) {
        self.enabled = enabled
        interactive = isatty(STDERR_FILENO) != 0
    }

    func report(_ progress: MatchProgress) {
        guard enabled else { return }
        let head = "[\(progress.layerNumber)/\(progress.layerCount)] layer \(progress.layer)"
        let rate = String(format: "%.1f GFLOP/s", progress.gflops)
        let eta = Self.duration(progress.eta)
        if progress.layerDone {
            let done = progress.flopsTotal > 0 ? progress.flopsDone / progress.flopsTotal * 100 : 100
            write(
                "\(head) done · \(String(format: "%.0f", done)) % · \(rate) · elapsed "
                    + "\(Self.duration(progress.elapsed)) · ETA \(eta)\n")
        } else if interactive {
            write("\r\(head): \(progress.step) · \(rate) · ETA \(eta)\u{1B}[K")
            pendingLine = true
            return
        }
    }

    func finish() {
        if pendingLine && enabled { write("\n") }
    }

    private func write(_ text: String) {
        var text = text
        if pendingLine && text.hasPrefix("[") { text = "\r\u{1B}[K" + text }
        pendingLine = false
        fputs(text, stderr)
    }

    /// `1h02m`, `3m05s` or `12s`.
    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        if s >= 3600 { return String(format: "%dh%02dm", s / 3600, (s % 3600) / 60) }
        if s >= 60 { return String(format: "%dm%02ds", s / 60, s % 60) }
        return "\(s)s"
    }
}
