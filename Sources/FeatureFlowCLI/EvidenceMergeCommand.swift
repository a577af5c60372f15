import ArgumentParser
import FlowCore
import FlowEvidence
import FlowPipeline
import Foundation

/// `featureflow evidence-merge DB PART…`: combines the partial files of a sharded evidence run
/// (`featureflow evidence DB --shard i/N --out PART`) into one complete evidence run of the database.
public struct EvidenceMergeCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "evidence-merge",
        abstract: "Combine the partial files of a sharded evidence run into the flow database.",
        discussion: """
            Every slice 0..<N of one run (same inputs and settings) must be given once. Counts, histograms, \
            top contexts, groups, co-activation and deactivation samples merge exactly; means and FVE up to \
            the order of floating-point addition (docs/evidence.md).
            """
    )

    @Argument(help: "The flow database the shards read.")
    var db: String

    @Argument(help: "The shards' partial files.")
    var partials: [String]

    @Flag(name: .long, help: "No progress on stderr.")
    var quiet = false

    public init() {}

    public func validate() throws {
        if partials.isEmpty { throw ValidationError("Give the partial files of every shard.") }
    }

    public func run() throws {
        let database = try FlowDatabase(path: db, mustExist: true)
        let printer = ProgressPrinter(quiet: quiet)
        let started = Date()
        let summary = try EvidenceMerge.merge(database: database, partials: partials) {
            printer.progress(
                done: Double($0.done), total: Double(max($0.total, 1)), elapsed: Date().timeIntervalSince(started),
                detail: $0.phase)
        }
        printer.endProgress()
        printer.line(
            "  evidence run \(summary.run) merged from \(partials.count) partials: \(summary.tokens) tokens in "
                + "\(summary.sequences) sequences")
    }
}
