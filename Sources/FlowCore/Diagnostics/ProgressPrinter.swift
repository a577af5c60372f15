import Foundation

/// Progress on stderr: step lines, and for long steps a single updating bar with rate and ETA.
/// Silent when `quiet`; the bar is redrawn in place only on a terminal, otherwise every ~10 %.
/// Safe to call from several threads.
public final class ProgressPrinter: @unchecked Sendable {
    private let quiet: Bool
    private let interactive: Bool
    private let write: (String) -> Void
    /// The bar's state, changed only under its lock.
    private let bar = Locked(BarState())

    private struct BarState {
        var lastPercent = -1
        var open = false
    }

    /// A printer writing to `write` (stderr by default).
    public init(quiet: Bool, interactive: Bool = isatty(2) == 1, write: ((String) -> Void)? = nil) {
        self.quiet = quiet
        self.interactive = interactive
        self.write = write ?? { FileHandle.standardError.write(Data($0.utf8)) }
    }

    /// A whole line (ends any open bar first).
    public func line(_ text: String) {
        guard !quiet else { return }
        bar.withLock {
            closeBar(&$0)
            write(text + "\n")
        }
    }

    /// A `warning: …` line, written even when quiet (warnings are never progress).
    public func warning(_ text: String) {
        bar.withLock {
            closeBar(&$0)
            write("warning: " + text + "\n")
        }
    }

    /// Updates the bar: `done` of `total` units, `elapsed` seconds so far, plus a free-form detail.
    public func progress(done: Double, total: Double, elapsed: Double, detail: String = "") {
        guard !quiet, total > 0 else { return }
        let fraction = min(max(done / total, 0), 1)
        let percent = Int(fraction * 100)
        let eta = done > 0 ? elapsed * (total - done) / done : 0
        let width = 24
        let filled = Int(fraction * Double(width))
        let drawn = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let text = "  [\(drawn)] \(percent)% \(detail) ETA \(Self.duration(eta))"
        bar.withLock { state in
            if interactive {
                write("\r\u{1B}[K" + text)
                state.open = true
            } else if percent / 10 != state.lastPercent / 10 || percent == 100 {
                write(text + "\n")
            }
            state.lastPercent = percent
        }
    }

    /// Closes an open bar.
    public func endProgress() {
        bar.withLock { closeBar(&$0) }
    }

    private func closeBar(_ state: inout BarState) {
        if state.open { write("\n") }
        state.open = false
        state.lastPercent = -1
    }

    /// `1h02m`, `3m05s` or `12s`.
    public static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        if s >= 3600 { return String(format: "%dh%02dm", s / 3600, (s % 3600) / 60) }
        if s >= 60 { return String(format: "%dm%02ds", s / 60, s % 60) }
        return "\(s)s"
    }
}
