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
            """
    )

    @Argument(help: "The flow database (built by `featureflow build` or `match`).")
    var db: String

    @Option(name: .long, help: "A GGUF file or Hugging Face folder; with --acts only its tokeniser is used.")
    var model: String?

    @OptionGroup var evidence: EvidenceArguments

    @Option(name: .long, help: "Seed of the random baselines and the deactivation sample.")
    var seed: Int = 0

    @Flag(name: .long, help: "No progress on stderr.")
    var quiet = false

    public init() {}

    public func validate() throws {
        try evidence.validate(model: model)
    }

    /// The library request these options describe.
    var request: EvidenceRequest { evidence.request(model: model, seed: seed) }

    public func run() throws {
        let database = try FlowDatabase(path: db, mustExist: true)
        _ = try EvidenceProgressReport.run(database: database, request: request, printer: ProgressPrinter(quiet: quiet))
    }
}
