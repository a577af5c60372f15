import Foundation

/// A Hugging Face model checkpoint (`model.safetensors` or shards + `model.safetensors.index.json`, and
/// `config.json`), mapped in place; used to project hook_z attention SAEs into the residual stream.
public struct ModelWeights: Sendable {
    /// The model folder.
    public let directory: String
    /// `model_type` from config.json (e.g. `gemma2`).
    public let modelType: String
    /// Every tensor of every shard, by name.
    public let tensors: [String: TensorView]

    /// Prefixes under which decoder layers are stored (plain, and multimodal Gemma 3 checkpoints).
    static let layerPrefixes = ["model.layers.", "model.language_model.layers.", "language_model.model.layers."]

    /// Maps the checkpoint in `directory`.
    public static func load(directory: String) throws -> ModelWeights {
        let configPath = directory + "/config.json"
        let config = try JSONConfig(path: configPath)
        let modelType = config.string("model_type") ?? config.object("text_config")?.string("model_type") ?? ""
        guard !modelType.isEmpty else { throw WeightError(path: configPath, .badConfig("'model_type' is missing")) }
        let fileManager = FileManager.default
        var shards: [String] = []
        let indexPath = directory + "/model.safetensors.index.json"
        if fileManager.fileExists(atPath: indexPath) {
            let index = try JSONConfig(path: indexPath)
            guard let map = index.values["weight_map"] as? [String: Any] else {
                throw WeightError(path: indexPath, .badConfig("'weight_map' is missing"))
            }
            shards = Array(Set(map.values.compactMap { $0 as? String })).sorted()
            guard !shards.isEmpty else { throw WeightError(path: indexPath, .badConfig("'weight_map' is empty")) }
        } else if fileManager.fileExists(atPath: directory + "/model.safetensors") {
            shards = ["model.safetensors"]
        } else {
            throw WeightError(path: directory, .unreadable("no model.safetensors or model.safetensors.index.json"))
        }
        var tensors: [String: TensorView] = [:]
        var problems: [any LocatedError] = []
        for shard in shards {
            do {
                for view in try SafetensorsFile(path: directory + "/" + shard).tensors { tensors[view.name] = view }
            } catch let error as any LocatedError {
                problems.append(error)
            }
        }
        if !problems.isEmpty { throw ProblemList(problems) }
        return ModelWeights(directory: directory, modelType: modelType, tensors: tensors)
    }

    /// Whether the post-attention norm multiplies by `1 + g` (Gemma family) rather than `g`.
    public var usesOffsetGain: Bool { modelType.hasPrefix("gemma") }

    /// Architectures whose `post_attention_layernorm` normalises the attention output (sandwich norms), by
    /// `model_type` in config.json: Gemma 2 and Gemma 3. For these the gain is applied even when a
    /// checkpoint lacks `pre_feedforward_layernorm`.
    static let sandwichNormTypes: Set<String> = ["gemma2", "gemma3", "gemma3_text"]

    /// Whether `layer` normalises the attention output: the architecture says so, or the checkpoint has a
    /// `pre_feedforward_layernorm` (a sandwich-norm layer of an architecture not listed).
    public func normalisesAttentionOutput(layer: Int) -> Bool {
        Self.sandwichNormTypes.contains(modelType) || layerTensor(layer, "pre_feedforward_layernorm.weight") != nil
    }

    /// The tensor of decoder layer `layer` whose name ends in `suffix`, under any known prefix.
    public func layerTensor(_ layer: Int, _ suffix: String) -> TensorView? {
        for prefix in Self.layerPrefixes {
            if let view = tensors["\(prefix)\(layer).\(suffix)"] { return view }
        }
        return nil
    }

    /// W_O and the post-attention norm gain of `layer` (nil when the layer has no norm on the attention output).
    public func attentionOutput(layer: Int) throws -> AttentionOutputWeights {
        let name = "self_attn.o_proj.weight"
        guard let projection = layerTensor(layer, name) else {
            throw WeightError(path: directory, .missingTensor("model.layers.\(layer).\(name)"))
        }
        guard projection.shape.count == 2 else {
            throw WeightError(
                path: projection.file.path,
                .wrongShape(tensor: projection.name, expected: [-1, -1], actual: projection.shape))
        }
        let (dModel, dHead) = (projection.shape[0], projection.shape[1])
        var gain: [Float]?
        // Only sandwich-norm layers (Gemma 2/3, by config.json's model_type or a pre_feedforward_layernorm)
        // normalise the attention output; in Llama-style layers `post_attention_layernorm` is the MLP's input
        // norm, not on this path.
        if normalisesAttentionOutput(layer: layer), let norm = layerTensor(layer, "post_attention_layernorm.weight") {
            guard norm.shape == [dModel] else {
                throw WeightError(
                    path: norm.file.path, .wrongShape(tensor: norm.name, expected: [dModel], actual: norm.shape))
            }
            let values = try norm.floats()
            gain = usesOffsetGain ? values.map { 1 + $0 } : values
        } else if Self.sandwichNormTypes.contains(modelType) {
            // The architecture has the norm: dropping its gain silently would change every projected direction.
            throw WeightError(path: directory, .missingTensor("model.layers.\(layer).post_attention_layernorm.weight"))
        }
        return AttentionOutputWeights(dModel: dModel, dHead: dHead, wO: try projection.floats(), gain: gain)
    }
}
