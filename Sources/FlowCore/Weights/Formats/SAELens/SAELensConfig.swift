/// A SAELens `cfg.json` in any of its three layouts, normalised as SAELens does (FORMATS.md §1.2).
public struct SAELensConfig: Equatable, Sendable {
    /// Which layout the file used.
    public enum Layout: String, Sendable {
        /// SAELens ≥ 6: top-level `metadata` object.
        case v6
        /// SAELens 3–5: everything at top level, `hook_name`.
        case flat
        /// Pre-3 runner dump: `hook_point`, no `architecture`.
        case legacy
    }

    /// The layout detected.
    public var layout: Layout
    /// Input width.
    public var dIn: Int
    /// Number of latents.
    public var dSAE: Int
    /// The hook (`metadata.hook_name`, `hook_name` or `hook_point`).
    public var hookName: String
    /// Activation rule.
    public var architecture: SAEArchitecture
    /// `normalize_activations` after legacy normalisation.
    public var normalizeActivations: String
    /// `apply_b_dec_to_input` (SAELens' default when missing: true).
    public var applyDecoderBiasToInput: Bool
    /// `modelId/sourceId` when the config names one.
    public var neuronpediaID: String?
    /// The model name when given.
    public var modelName: String?

    /// Reads and normalises `path`.
    public init(path: String) throws {
        let config = try JSONConfig(path: path)
        func bad(_ why: String) -> WeightError { WeightError(path: path, .badConfig(why)) }
        let metadata = config.object("metadata")
        layout =
            metadata != nil
            ? .v6 : (config.string("hook_name") == nil && config.string("hook_point") != nil ? .legacy : .flat)
        dIn = try config.requireInt("d_in")
        if let width = config.int("d_sae"), width > 0 {
            dSAE = width
        } else if let factor = config.int("expansion_factor"), factor > 0 {
            dSAE = try config.product(dIn, "d_in", factor, "expansion_factor")
        } else {
            throw bad("'d_sae' is missing (and no 'expansion_factor')")
        }
        guard let hook = metadata?.string("hook_name") ?? config.string("hook_name") ?? config.string("hook_point")
        else {
            throw bad("no hook name ('metadata.hook_name', 'hook_name' or 'hook_point')")
        }
        hookName = hook
        applyDecoderBiasToInput = config.bool("apply_b_dec_to_input") ?? true
        neuronpediaID = metadata?.string("neuronpedia_id") ?? config.string("neuronpedia_id")
        modelName = metadata?.string("model_name") ?? config.string("model_name")

        let kwargs = config.object("activation_fn_kwargs")
        let k = config.int("k") ?? kwargs?.int("k")
        let activation = config.string("activation_fn_str") ?? config.string("activation_fn") ?? "relu"
        var name = config.string("architecture") ?? "standard"
        if layout != .v6 && activation == "topk" && k != nil { name = "topk" }
        if activation == "tanh-relu" { throw bad("activation 'tanh-relu' is not supported") }
        switch name {
        case "standard": architecture = .standard
        case "jumprelu", "batchtopk", "matryoshka_batchtopk": architecture = .jumprelu
        case "gated": architecture = .gated
        case "topk":
            guard let k, k > 0 else { throw bad("topk architecture without a positive 'k'") }
            architecture = .topk(k: k)
        default: throw bad("architecture '\(name)' is not supported (standard, jumprelu, topk, gated)")
        }
        switch config.values["normalize_activations"] {
        case let text as String: normalizeActivations = text
        case let flag as Bool: normalizeActivations = flag ? "expected_average_only_in" : "none"
        default: normalizeActivations = "none"
        }
    }
}
