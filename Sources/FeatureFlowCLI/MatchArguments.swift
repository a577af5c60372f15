import ArgumentParser
import FlowCore
import FlowPipeline
import Foundation

/// The matching options shared by `match` and `build`, turned into the matching part of a pipeline request.
struct MatchArguments: ParsableArguments {
    @Argument(help: "A folder of SAEs or a featureflow.yaml manifest.")
    var input: String

    @Option(name: .customLong("top-k"), help: "Matches kept per feature and position.")
    var topK: Int = 5

    @Option(name: .long, help: "Residual layers to match: A-B or A (default: all).")
    var layers: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Model folder (safetensors + config.json) to project hook_z attention SAEs; in build also the model "
                + "(or a GGUF file) the evidence text runs through."))
    var model: String?

    @Flag(name: .long, help: "Recompute every layer even when its stored matches are current.")
    var force = false

    @Flag(
        name: .long,
        help:
            "Approximate matching: candidates from sign sketches, adaptive exact rescoring, self-audited (≥ 5× faster)."
    )
    var approx = false

    @Option(name: .customLong("approx-bits"), help: "With --approx: sign bits per sketch (candidate pass).")
    var approxBits: Int = ApproximateMatching().bits

    @Option(
        name: .customLong("approx-candidates"),
        help: "With --approx: candidates rescored exactly per feature in the first round (more when it is unsure).")
    var approxCandidates: Int = ApproximateMatching().candidates

    @Option(
        name: .customLong("approx-audit"),
        help: "With --approx: share of rows also matched exactly to audit the run (at least 300 rows; 0: none).")
    var approxAudit: Double = ApproximateMatching().auditShare

    @Option(
        name: .customLong("approx-confidence"),
        help: "With --approx: z, the margin (in sketch standard deviations) before a candidate is left unscored.")
    var approxConfidence: Double = ApproximateMatching().confidence

    @Option(
        name: .long,
        help: "Compute only slice i of N (0-based) into its own --db; combine with `featureflow merge` (match only).")
    var shard: String?

    @OptionGroup var selection: SAESelectionOptions

    func validate() throws {
        guard topK >= 1 else { throw ValidationError("--top-k must be at least 1") }
        if approx {
            guard approxBits >= 64 else { throw ValidationError("--approx-bits must be at least 64") }
            guard approxAudit >= 0 && approxAudit <= 1 else {
                throw ValidationError("--approx-audit must be between 0 and 1")
            }
            guard approxCandidates >= topK else {
                throw ValidationError("--approx-candidates must be at least --top-k (\(topK))")
            }
        }
        if let shard, ShardSpec(parsing: shard) == nil {
            throw ValidationError("--shard must be i/N with 0 ≤ i < N (got '\(shard)')")
        }
        if let layers, Self.parseLayers(layers) == nil {
            throw ValidationError("--layers must be A-B or A with 0 ≤ A ≤ B (got '\(layers)')")
        }
    }

    /// `A-B` or `A` → a closed range; nil when malformed.
    static func parseLayers(_ text: String) -> ClosedRange<Int>? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map {
            Int($0.trimmingCharacters(in: .whitespaces))
        }
        switch parts.count {
        case 1: return parts[0].flatMap { $0 >= 0 ? $0...$0 : nil }
        case 2:
            guard let a = parts[0], let b = parts[1], a >= 0, a <= b else { return nil }
            return a...b
        default: return nil
        }
    }

    /// The matcher's options from the command line.
    var matchOptions: MatchOptions {
        MatchOptions(
            topK: topK,
            approximate: approx
                ? ApproximateMatching(
                    bits: approxBits, candidates: approxCandidates,
                    maxCandidates: max(ApproximateMatching().maxCandidates, approxCandidates),
                    confidence: approxConfidence,
                    auditShare: approxAudit, auditMinimum: approxAudit > 0 ? ApproximateMatching().auditMinimum : 0)
                : nil)
    }

    /// The model folder that projects hook_z SAEs: `--model` unless it names a file (a GGUF given to `build` for
    /// its evidence step only projects nothing).
    var modelDirectory: String? {
        var isDirectory: ObjCBool = false
        guard let model, FileManager.default.fileExists(atPath: model, isDirectory: &isDirectory),
            !isDirectory.boolValue
        else { return model }
        return nil
    }

    /// The matching part of a pipeline request; a build removes a flow database it created when it fails.
    func request(removesNewDatabaseOnFailure: Bool) -> MatchRequest {
        MatchRequest(
            input: input, catalogOptions: selection.catalogOptions(layers: layers.flatMap(Self.parseLayers)),
            options: matchOptions, layers: layers.flatMap(Self.parseLayers), force: force,
            modelDirectory: modelDirectory,
            shard: shard.flatMap(ShardSpec.init(parsing:)), removesNewDatabaseOnFailure: removesNewDatabaseOnFailure)
    }
}
