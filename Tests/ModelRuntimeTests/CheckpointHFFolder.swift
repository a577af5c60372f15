import Foundation
import TestSupport

/// Writes tiny Hugging Face checkpoint folders byte by byte (config.json, safetensors, shard index).
enum CheckpointHFFolder {
    /// One tensor: name, safetensors dtype, shape and the stored bytes.
    typealias Tensor = SafetensorsTensor

    /// The low `size` bytes of `value`, little-endian.
    static func le(_ value: UInt64, _ size: Int) -> [UInt8] { LittleEndian.bytes(value, size) }

    /// A safetensors file holding `tensors` in order.
    static func safetensors(_ tensors: [Tensor]) -> [UInt8] { SafetensorsBytes.file(tensors) }

    /// A fresh temporary folder.
    static func temporary(_ label: String) -> String { TemporaryFolder.create(label) }

    /// Writes `bytes` to `folder/name`.
    static func write(_ bytes: [UInt8], _ folder: String, _ name: String) {
        try! Data(bytes).write(to: URL(fileURLWithPath: folder + "/" + name))
    }

    /// Writes `text` to `folder/name`.
    static func write(_ text: String, _ folder: String, _ name: String) { write(Array(text.utf8), folder, name) }

    /// `count` values 0.5, 1, 1.5, … (exact in F16 and BF16 for the sizes used here), offset by `start`.
    static func ramp(_ count: Int, start: Float = 0) -> [Float] { (0..<count).map { start + Float($0 + 1) / 2 } }

    /// Every tensor of a one-layer model: d 8, 2 heads of 4, 1 KV head, d_ff 16, vocab 6.
    static func layerTensors(gemma: Bool, lmHead: Bool) -> [Tensor] {
        let p = "model.layers.0."
        var tensors: [Tensor] = [
            .bf16("model.embed_tokens.weight", [6, 8], ramp(48)),
            .f32(p + "input_layernorm.weight", [8], ramp(8)),
            .f16(p + "self_attn.q_proj.weight", [8, 8], ramp(64, start: -16)),
            .f32(p + "self_attn.k_proj.weight", [4, 8], ramp(32)),
            .bf16(p + "self_attn.v_proj.weight", [4, 8], ramp(32, start: -8)),
            .f32(p + "self_attn.o_proj.weight", [8, 8], ramp(64)),
            .f32(p + "post_attention_layernorm.weight", [8], ramp(8)),
            .f16(p + "mlp.gate_proj.weight", [16, 8], ramp(128)),
            .f32(p + "mlp.up_proj.weight", [16, 8], ramp(128)),
            .bf16(p + "mlp.down_proj.weight", [8, 16], ramp(128)),
            .f32("model.norm.weight", [8], ramp(8)),
        ]
        if gemma {
            tensors.append(.f32(p + "pre_feedforward_layernorm.weight", [8], ramp(8)))
            tensors.append(.f32(p + "post_feedforward_layernorm.weight", [8], ramp(8)))
        }
        if lmHead { tensors.append(.f32("lm_head.weight", [6, 8], ramp(48, start: 1))) }
        return tensors
    }

    static let llamaConfig = """
        {"model_type": "llama", "hidden_size": 8, "intermediate_size": 16, "num_hidden_layers": 1,
         "num_attention_heads": 2, "num_key_value_heads": 1, "vocab_size": 6, "rms_norm_eps": 1e-05,
         "rope_theta": 500000.0, "max_position_embeddings": 128, "tie_word_embeddings": false,
         "rope_scaling": {"factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                          "original_max_position_embeddings": 64, "rope_type": "llama3"}}
        """

    static let gemmaConfig = """
        {"model_type": "gemma2", "hidden_size": 8, "intermediate_size": 16, "num_hidden_layers": 1,
         "num_attention_heads": 2, "num_key_value_heads": 1, "head_dim": 4, "vocab_size": 6,
         "rms_norm_eps": 1e-06, "rope_theta": 10000.0, "max_position_embeddings": 256,
         "query_pre_attn_scalar": 24, "attn_logit_softcapping": 50.0, "final_logit_softcapping": 30.0,
         "sliding_window": 16, "eos_token_id": [1, 107]}
        """

    /// A Llama folder with one `model.safetensors` (untied, lm_head present).
    static func llama() -> String {
        let folder = temporary("hf-llama")
        write(llamaConfig, folder, "config.json")
        write(safetensors(layerTensors(gemma: false, lmHead: true)), folder, "model.safetensors")
        return folder
    }

    /// A Gemma 2 folder with two shards and an index (tied).
    static func gemmaSharded() -> String {
        let folder = temporary("hf-gemma")
        write(gemmaConfig, folder, "config.json")
        let tensors = layerTensors(gemma: true, lmHead: false)
        let first = Array(tensors[..<5])
        let second = Array(tensors[5...])
        write(safetensors(first), folder, "model-00001-of-00002.safetensors")
        write(safetensors(second), folder, "model-00002-of-00002.safetensors")
        var map: [String] = []
        for tensor in first { map.append("\"\(tensor.name)\": \"model-00001-of-00002.safetensors\"") }
        for tensor in second { map.append("\"\(tensor.name)\": \"model-00002-of-00002.safetensors\"") }
        write(
            "{\"metadata\": {}, \"weight_map\": {\(map.joined(separator: ", "))}}", folder,
            "model.safetensors.index.json")
        return folder
    }
}
