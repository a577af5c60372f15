import ArgumentParser
import FlowEvidence

/// The evidence options shared by `evidence` and `build` (declared once here), turned into an
/// `EvidenceRequest`. The model and the seed are each command's own: `build` already has `--model` (it
/// serves both) and `--seed` (feature pages), so its seed is `--evidence-seed`.
struct EvidenceArguments: ParsableArguments {
    @Option(name: .long, parsing: .upToNextOption, help: "Text files (plain or .jsonl with a `text` field).")
    var text: [String] = []

    @Option(name: .long, help: "An activation dump folder instead of running the model.")
    var acts: String?

    @Option(name: .long, help: "At most this many tokens of evidence (whole sequences).")
    var tokens: Int?

    @Option(name: .long, help: "Tokens per evidence sequence.")
    var context: Int = 128

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

    /// Whether any evidence input was given (`build` runs its evidence step only then).
    var isRequested: Bool { !text.isEmpty || acts != nil }

    /// Checks the options together with the command's `model`.
    func validate(model: String?) throws {
        if acts == nil && (model == nil || text.isEmpty) {
            throw ValidationError("Give --model MODEL --text FILE…, or --acts DIR.")
        }
        if acts != nil && !text.isEmpty { throw ValidationError("--text and --acts exclude each other.") }
        if context < 1 { throw ValidationError("--context must be at least 1.") }
        if let tokens, tokens < context { throw ValidationError("--tokens must be at least --context.") }
        if top < 0 || batch < 1 { throw ValidationError("--top must be 0 or more and --batch at least 1.") }
        if weightCacheMiB < 0 { throw ValidationError("--weight-cache must be 0 or more.") }
        for value in [deactivationTexts, deactivationTokens, deactivationLayers, deactivationTargets] where value < 0 {
            throw ValidationError("deactivation sample sizes must be 0 or more.")
        }
    }

    /// The library request these options describe, with the command's `model` and `seed`.
    func request(model: String?, seed: Int) -> EvidenceRequest {
        EvidenceRequest(
            model: model, texts: text, acts: acts, tokens: tokens, context: context, seed: seed, top: top,
            batch: batch, weightCacheMiB: weightCacheMiB, deactivationTexts: deactivationTexts,
            deactivationTokens: deactivationTokens, deactivationLayers: deactivationLayers,
            deactivationTargets: deactivationTargets)
    }
}
