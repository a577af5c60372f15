/// A loaded checkpoint as the forward pass sees it: its configuration and its weights under their
/// Hugging Face names (`model.embed_tokens.weight`, `model.layers.N.self_attn.q_proj.weight`, …,
/// `model.norm.weight`, `lm_head.weight` when untied), in PyTorch's layout. GGUF files are mapped
/// onto these names (and llama.cpp's Q/K row order undone) by their reader.
public protocol CheckpointTensors: Sendable {
    /// The model's shape.
    var config: ModelConfig { get }
    /// Whether a tensor of that name exists.
    func contains(_ name: String) -> Bool
    /// A 2-D weight; throws an error naming the file and the tensor when it is missing or malformed.
    func matrix(_ name: String) throws -> WeightMatrix
    /// A 1-D weight (norm gains) as F32.
    func vector(_ name: String) throws -> [Float]
}
