/// llama.cpp's tensor names and their Hugging Face equivalents (`convert_hf_to_gguf.py`'s tensor map, read
/// backwards). Names the map does not know keep their GGUF name.
enum GGUFTensorNames {
    /// The Hugging Face name of GGUF tensor `name` in a model of family `architecture`.
    static func huggingFace(_ name: String, architecture: ModelArchitecture) -> String {
        switch name {
        case "token_embd.weight": return "model.embed_tokens.weight"
        case "output_norm.weight": return "model.norm.weight"
        case "output.weight": return "lm_head.weight"
        default: break
        }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "blk", let layer = Int(parts[1]), layer >= 0, String(layer) == parts[1]
        else { return name }
        let mapped: String
        switch (parts[2], architecture) {
        case ("attn_q", _): mapped = "self_attn.q_proj"
        case ("attn_k", _): mapped = "self_attn.k_proj"
        case ("attn_v", _): mapped = "self_attn.v_proj"
        case ("attn_output", _): mapped = "self_attn.o_proj"
        case ("ffn_gate", _): mapped = "mlp.gate_proj"
        case ("ffn_up", _): mapped = "mlp.up_proj"
        case ("ffn_down", _): mapped = "mlp.down_proj"
        case ("attn_norm", _): mapped = "input_layernorm"
        case ("ffn_norm", .llama): mapped = "post_attention_layernorm"
        case ("ffn_norm", .gemma2): mapped = "pre_feedforward_layernorm"
        case ("post_attention_norm", .gemma2): mapped = "post_attention_layernorm"
        case ("post_ffw_norm", .gemma2): mapped = "post_feedforward_layernorm"
        default: return name
        }
        return "model.layers.\(layer).\(mapped).\(parts[3])"
    }
}
