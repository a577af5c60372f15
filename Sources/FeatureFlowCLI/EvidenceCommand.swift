import ArgumentParser
import FlowCore
import FlowEvidence
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

    @Option(name: .long, parsing: .upToNextOption, help: "Text files (plain or .jsonl with a `text` field).")
    var text: [String] = []

    @Option(name: .long, help: "An activation dump folder instead of running the model.")
    var acts: String?

    @Option(name: .long, help: "At most this many tokens (whole sequences).")
    var tokens: Int?

    @Option(name: .long, help: "Tokens per sequence.")
    var context: Int = 128

    @Option(name: .long, help: "Seed of the random baselines and the deactivation sample.")
    var seed: Int = 0

    @Option(name: .long, help: "Top activating contexts stored per feature.")
    var top: Int = 20

    @Option(name: .long, help: "Sequences per forward pass.")
    var batch: Int = 8

    @Option(name: .customLong("deactivation-texts"), help: "Sequences sampled for deactivation (0: none).")
    var deactivationTexts: Int = 10

    @Option(name: .customLong("deactivation-tokens"), help: "Tokens sampled per sequence for deactivation.")
    var deactivationTokens: Int = 5

    @Option(name: .customLong("deactivation-layers"), help: "Layers sampled for deactivation.")
    var deactivationLayers: Int = 3

    @Option(name: .customLong("deactivation-targets"), help: "Active targets per (token, layer), at most.")
    var deactivationTargets: Int = 25

    @Option(name: .customLong("weight-cache"), help: "MiB of model weights kept decoded as F32.")
    var weightCacheMiB: Int = 1024

    @Flag(name: .long, help: "No progress on stderr.")
    var quiet = false

    public init() {}

    public func validate() throws {
        if acts == nil && (model == nil || text.isEmpty) {
            throw ValidationError("Give --model MODEL --text FILE…, or --acts DIR.")
        }
        if acts != nil && !text.isEmpty { throw ValidationError("--text and --acts exclude each other.") }
        if context < 1 { throw ValidationError("--context must be at least 1.") }
        if let tokens, tokens < context { throw ValidationError("--tokens must be at least --context.") }
        if top < 0 || batch < 1 { throw ValidationError("--top must be 0 or more and --batch at least 1.") }
        for value in [deactivationTexts, deactivationTokens, deactivationLayers, deactivationTargets] where value < 0 {
            throw ValidationError("deactivation sample sizes must be 0 or more.")
        }
    }

    /// The library request these options describe.
    var request: EvidenceRequest {
        EvidenceRequest(
            model: model, texts: text, acts: acts, tokens: tokens, context: context, seed: seed, top: top,
            batch: batch, weightCacheMiB: weightCacheMiB, deactivationTexts: deactivationTexts,
            deactivationTokens: deactivationTokens, deactivationLayers: deactivationLayers,
            deactivationTargets: deactivationTargets)
    }

    public func run() throws {
        let database = try FlowDatabase(path: db, mustExist: true)
        let printer = ProgressPrinter(quiet: quiet)
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
        if !phase.isEmpty { printer.endProgress() }
        if summary.reused {
            printer.line(
                "evidence run \(summary.run) reused (same model, SAEs, text and settings; key \(summary.key.prefix(12)))"
            )
            return
        }
        let total = Date().timeIntervalSince(started)
        printer.line(
            String(
                format: "evidence run %d: %d tokens in %d sequences, %.1f s (%.0f tokens/s), %.1f CPU s; wall / CPU s: "
                    + "model %.1f / %.1f, encoding %.1f / %.1f, statistics %.1f / %.1f, contexts and writing "
                    + "%.1f / %.1f, deactivation %.1f / %.1f (%d events)",
                summary.run, summary.tokens, summary.sequences, total, Double(summary.tokens) / max(total, 1e-9),
                summary.totalCPUSeconds, summary.modelSeconds, summary.modelCPUSeconds, summary.encodingSeconds,
                summary.encodingCPUSeconds, summary.statisticsSeconds, summary.statisticsCPUSeconds,
                summary.writeSeconds, summary.writeCPUSeconds, summary.deactivationSeconds,
                summary.deactivationCPUSeconds, summary.deactivationEvents))
    }
}
