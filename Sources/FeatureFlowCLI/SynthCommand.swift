import ArgumentParser
import FlowCore
import Foundation

/// `featureflow synth`: writes a synthetic SAE family with planted flows and its truth.
struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Write a synthetic SAE family (SAELens folders) with planted feature flows and their truth.",
        discussion: """
            Writes blocks.L.hook_resid_post / hook_mlp_out / hook_attn_out folders (cfg.json + \
            sae_weights.safetensors, JumpReLU), truth.json (planted class, predecessors and cosines of every \
            residual feature) and labels.jsonl (Neuronpedia explanation rows). Same options, same bytes.
            A feature is `clear` when the brute-force check ran for it and its planted facts stay 0.1 away \
            from the 0.25 thresholds; with --truth-check sample only a sample per layer is checked.
            """)

    /// Element type choices.
    enum DType: String, ExpressibleByArgument, CaseIterable {
        case f32, bf16
    }

    /// Truth-check choices.
    enum Check: String, ExpressibleByArgument, CaseIterable {
        case auto, none, sample, full
    }

    @Option(help: "Output folder (created; must be empty, hold a previous synth run, or --overwrite).")
    var out: String

    @Option(help: "Number of layers.")
    var layers: Int

    @Option(name: .customLong("d-model"), help: "Width of every hooked activation (d_in).")
    var dModel: Int

    @Option(help: "Features per SAE (d_sae).")
    var width: Int

    @Option(help: "Seed; the same options give byte-identical files.")
    var seed: UInt64

    @Option(help: "Tensor element type: f32 or bf16.")
    var dtype: DType = .f32

    @Option(
        name: .customLong("truth-check"),
        help: "Brute-force top-1 check: auto (full for small sizes, else sample), none, sample, full.")
    var truthCheck: Check = .auto

    @Option(name: .customLong("sample"), help: "Residual features checked per layer with --truth-check sample.")
    var sampleSize: Int = 64

    @Flag(help: "Write into a non-empty folder that holds no previous synth run (nothing is deleted).")
    var overwrite = false

    func validate() throws {
        guard layers >= 1 else { throw ValidationError("--layers must be at least 1") }
        guard dModel >= 8 else { throw ValidationError("--d-model must be at least 8") }
        guard width >= 8 else { throw ValidationError("--width must be at least 8") }
        guard sampleSize >= 1 else { throw ValidationError("--sample must be positive") }
    }

    func run() throws {
        let check: TruthCheck? =
            switch truthCheck {
            case .auto: nil
            case .none: TruthCheck.none
            case .sample: .sample(sampleSize)
            case .full: .full
            }
        let options = SyntheticFamilyOptions(
            layers: layers, dModel: dModel, width: width, seed: seed, dtype: dtype == .f32 ? .f32 : .bf16,
            truthCheck: check)
        print(
            "synth: \(layers) layers × res/mlp/att, d_model \(dModel), width \(width), seed \(seed), "
                + "\(options.dtype.rawValue), truth check \(options.truthCheck) → \(out)")
        let start = Date()
        let summary = try SyntheticFamilyWriter(options: options, overwrite: overwrite).write(to: out) { written in
            print(
                "  \(written.folder.padding(toLength: 28, withPad: " ", startingAt: 0)) \(ByteSize.string(written.bytes))"
            )
        }
        let seconds = Date().timeIntervalSince(start)
        let truth = summary.truth
        let total = summary.saeBytes + summary.truthBytes + summary.labelsBytes
        print(
            "wrote \(summary.saes.count) SAE folders (\(ByteSize.string(summary.saeBytes))), "
                + "\(SyntheticFamilyWriter.truthName) (\(ByteSize.string(summary.truthBytes))), "
                + "\(SyntheticFamilyWriter.labelsName) (\(ByteSize.string(summary.labelsBytes))) in "
                + String(format: "%.1f s (%.0f MB/s)", seconds, Double(total) / 1e6 / max(seconds, 1e-9)))
        let counts = truth.classCounts
        let clear = truth.clearCounts
        let classes = OriginClass.known.map { "\($0.rawValue) \(counts[$0.rawValue] ?? 0)" }
        print("residual features by planted class: " + classes.joined(separator: ", "))
        let checked = truth.features.filter(\.checked).count
        let clearTotal = clear.values.reduce(0, +)
        let clearByClass = OriginClass.known.map { "\($0.rawValue) \(clear[$0.rawValue] ?? 0)" }
        print("clear: \(clearTotal) of \(checked) checked (" + clearByClass.joined(separator: ", ") + ")")
        let lifespans = truth.chains.map(\.lifespan)
        print(
            "chains: \(truth.chains.count), longest \(lifespans.max() ?? 0) layers, "
                + "\(truth.chains.filter { $0.lifespan == layers }.count) span every layer")
        if truth.chanceMaxCosine > 0.15 {
            print(
                String(
                    format: "note: random directions reach cosines of about %.2f at d_model %d / width %d, so few "
                        + "features can be clear (far positions must stay below 0.15); a larger --d-model helps.",
                    truth.chanceMaxCosine, dModel, width))
        }
    }
}
