import FlowCore
import FlowEvidence
import FlowExport
import Foundation

/// Runs one evidence pass with its progress on a `ProgressPrinter` (a bar per phase, tokens/s while
/// encoding) and its outcome as one line: the reused run, or the tokens, rate and wall/CPU split. The
/// pipeline's `evidence` step and `featureflow evidence` both report through this.
public enum EvidenceProgressReport {
    /// Runs (or reuses) the evidence of `request` on `database`, reporting on `printer`.
    public static func run(
        database: FlowDatabase, request: EvidenceRequest, printer: ProgressPrinter
    ) throws -> EvidenceSummary {
        let started = Date()
        var phase = ""
        let summary = try EvidencePass.run(database: database, request: request) { progress in
            if progress.phase != phase {
                if !phase.isEmpty { printer.endProgress() }
                phase = progress.phase
            }
            let detail =
                progress.phase == "encode"
                ? String(format: "%.0f tokens/s", progress.tokensPerSecond) : progress.phase
            printer.progress(
                done: Double(progress.done), total: Double(max(progress.total, 1)),
                elapsed: Date().timeIntervalSince(started), detail: detail)
        }
        printer.endProgress()
        printer.line(line(summary, seconds: Date().timeIntervalSince(started)))
        return summary
    }

    /// The outcome line of `summary`, a pass that took `seconds`.
    public static func line(_ summary: EvidenceSummary, seconds: Double) -> String {
        if summary.reused {
            return "  evidence run \(summary.run) reused (same model, SAEs, text and settings; key "
                + "\(summary.key.prefix(12)))"
        }
        return String(
            format: "  evidence run %d: %d tokens in %d sequences, %.1f s (%.0f tokens/s), %.1f CPU s; wall / CPU s: "
                + "model %.1f / %.1f, encoding %.1f / %.1f, statistics %.1f / %.1f, contexts and writing "
                + "%.1f / %.1f, deactivation %.1f / %.1f (%d events)",
            summary.run, summary.tokens, summary.sequences, seconds, Double(summary.tokens) / max(seconds, 1e-9),
            summary.totalCPUSeconds, summary.modelSeconds, summary.modelCPUSeconds, summary.encodingSeconds,
            summary.encodingCPUSeconds, summary.statisticsSeconds, summary.statisticsCPUSeconds,
            summary.writeSeconds, summary.writeCPUSeconds, summary.deactivationSeconds,
            summary.deactivationCPUSeconds, summary.deactivationEvents)
    }
}
