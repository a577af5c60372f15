import ArgumentParser
import FlowCore
import FlowEvidence
import FlowExport
import FlowPipeline
import Foundation

/// `featureflow evidence`: runs text through the model (or reads an activation dump), encodes it with every
/// SAE of the flow database and stores the evidence tables (docs/evidence.md).
public struct EvidenceCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "evidence",
        abstract: "Measure SAE quality, feature statistics, top contexts, activation groups, co-activation and "
            + "deactivation on text, into the flow database.",
        discussion: """
            With --model and --text, the text (plain or JSONL with a `text` field) is cut into --context-token \
            sequences and run through the model in batches, every hook at once; with --acts DIR, activations \
            are read from a dump (`featureflow capture`). A complete earlier run with the same model, SAEs, \
            text and settings is reused. An interrupted run leaves the previous evidence in place.

            With --shard i/N --out PART, only slice i of N of the sequences is computed and its partial state \
            written to PART (the database is only read); `featureflow evidence-merge DB PART…` combines the N \
            partials into one run equal to the unsharded one (docs/evidence.md).
            """
    )

    @Argument(help: "The flow database (built by `featureflow build` or `match`).")
    var db: String

    @Option(name: .long, help: "A GGUF file or Hugging Face folder; with --acts only its tokeniser is used.")
    var model: String?

    @OptionGroup var evidence: EvidenceArguments

    @Option(name: .long, help: "Seed of the random baselines and the deactivation sample.")
    var seed: Int = 0

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A Neuronpedia export folder: top contexts (activations/batch-*.jsonl.gz) and density and maximum "
                + "(features/batch-*.jsonl.gz) of the SAEs it names."))
    var neuronpedia: String?

    @Option(name: .long, help: "Compute only slice i of N (0-based) of the sequences into --out.")
    var shard: String?

    @Option(name: .long, help: "With --shard: the partial file to write (must not exist).")
    var out: String?

    @Flag(name: .long, help: "No progress on stderr.")
    var quiet = false

    public init() {}

    public func validate() throws {
        if neuronpedia != nil {
            if evidence.isRequested || shard != nil {
                throw ValidationError("--neuronpedia excludes --text, --acts and --shard.")
            }
            return
        }
        try evidence.validate(model: model)
        if let shard, ShardSpec(parsing: shard) == nil {
            throw ValidationError("--shard must be i/N with 0 ≤ i < N (got '\(shard)')")
        }
        if (shard == nil) != (out == nil) { throw ValidationError("--shard and --out go together.") }
    }

    /// The library request these options describe.
    var request: EvidenceRequest { evidence.request(model: model, seed: seed) }

    public func run() throws {
        let database = try FlowDatabase(path: db, mustExist: true)
        if let neuronpedia {
            let summary = try NeuronpediaContexts.run(database: database, folder: neuronpedia, top: evidence.top)
            let printer = ProgressPrinter(quiet: quiet)
            if summary.reused {
                printer.line("  evidence run \(summary.run) reused (the same Neuronpedia export and SAEs)")
            } else {
                printer.line(
                    "  evidence run \(summary.run) from Neuronpedia: \(summary.files) files, \(summary.rows) rows, "
                        + "\(summary.matchedRows) of the database's SAEs, \(summary.contexts) contexts and "
                        + "\(summary.featureStats) feature densities stored"
                        + (summary.unknownSources.isEmpty
                            ? "" : "; sources without an SAE here: " + summary.unknownSources.joined(separator: ", ")))
            }
            return
        }
        if let shard = shard.flatMap(ShardSpec.init(parsing:)), let out {
            let printer = ProgressPrinter(quiet: quiet)
            let started = Date()
            let summary = try EvidencePass.runShard(database: database, request: request, shard: shard, output: out) {
                printer.progress(
                    done: Double($0.done), total: Double(max($0.total, 1)), elapsed: Date().timeIntervalSince(started),
                    detail: $0.phase)
            }
            printer.endProgress()
            printer.line(
                "  evidence shard \(shard) written to \(out)"
                    + EvidenceProgressReport.line(summary, seconds: Date().timeIntervalSince(started))
                    .replacingOccurrences(of: "  evidence run 0", with: ""))
            return
        }
        _ = try EvidenceProgressReport.run(database: database, request: request, printer: ProgressPrinter(quiet: quiet))
    }
}
