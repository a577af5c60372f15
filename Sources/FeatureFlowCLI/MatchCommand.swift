import ArgumentParser
import FlowCore
import FlowExport
import FlowPipeline
import Foundation

/// `featureflow match`: top-k decoder-cosine matches of every residual feature, into the flow database.
public struct MatchCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Match every residual feature with its top-k predecessors (R_{L-1}, M_L, A_L) and R_{L+1}.",
        discussion: """
            Exact decoder cosine (OpenBLAS sgemm, tiled; the full similarity matrix is never built). Layers \
            whose input checksums and parameters did not change since the last run are reused; --force \
            recomputes them. hook_z attention SAEs need --model DIR (else they are skipped with a warning).
            """
    )

    @OptionGroup var matching: MatchArguments

    @Option(name: .long, help: "The flow database to create or update.")
    var db: String = "flow.sqlite"

    @Flag(name: .long, help: "No progress on stderr.")
    var quiet = false

    @Flag(
        name: .long,
        help: "With --approx: fail (exit 1) when the self-audit's top-1 agreement for cosine ≥ 0.3 is below 99.5 %.")
    var strict = false

    public init() {}

    /// The pipeline request these arguments describe.
    var request: BuildRequest {
        BuildRequest(database: db, matching: matching.request(removesNewDatabaseOnFailure: false))
    }

    public func run() throws {
        let report = try Pipeline.run(request, printer: ProgressPrinter(quiet: quiet))
        guard let summary = report.matchSummary else { return }
        if let audit = summary.audit {
            print(audit.summary)
            // The matches are stored either way; --strict makes the failed audit fail the command.
            if strict && !audit.passes { throw ExitCode.failure }
        }
        let gflops = summary.seconds > 0 ? summary.flops / summary.seconds / 1e9 : 0
        print(
            "matched \(summary.computed.count) layer(s), reused \(summary.reused.count), into \(db) "
                + "in \(String(format: "%.1f", summary.seconds)) s (\(String(format: "%.1f", gflops)) GFLOP/s), "
                + "\(summary.warnings.count) warning(s)")
    }
}
