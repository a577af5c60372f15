import Foundation

/// A tiny Hugging Face Llama folder written byte by byte: config.json, model.safetensors (F32, seeded random
/// weights) and a byte-level BPE tokenizer.json whose vocabulary is the space marker `Ġ` and `a`…`z`.
public enum TinyModelFolder {
    /// Model width, layers, heads of `headWidth`, one key/value head, MLP width.
    public static let (dModel, layers, heads, headWidth, feedForward) = (8, 2, 2, 4, 16)
    /// The tokenizer's vocabulary, in id order (also the model's vocabulary).
    public static let vocabulary = ["Ġ"] + (UInt8(ascii: "a")...UInt8(ascii: "z")).map { String(UnicodeScalar($0)) }

    /// Writes the folder at `path`.
    public static func write(to path: String, seed: UInt64 = 11) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let config = """
            {"model_type": "llama", "hidden_size": \(dModel), "intermediate_size": \(feedForward),
             "num_hidden_layers": \(layers), "num_attention_heads": \(heads), "num_key_value_heads": 1,
             "vocab_size": \(vocabulary.count), "rms_norm_eps": 1e-05, "rope_theta": 10000.0,
             "max_position_embeddings": 64, "tie_word_embeddings": true}
            """
        try config.write(toFile: path + "/config.json", atomically: true, encoding: .utf8)
        var generator = seed
        func random(_ count: Int, scale: Float) -> [Float] {
            (0..<count).map { _ in
                generator = generator &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return (Float(generator >> 40) / Float(1 << 24) * 2 - 1) * scale
            }
        }
        var tensors: [(String, [Int], [Float])] = [
            ("model.embed_tokens.weight", [vocabulary.count, dModel], random(vocabulary.count * dModel, scale: 1)),
            ("model.norm.weight", [dModel], random(dModel, scale: 0.2).map { 1 + $0 }),
        ]
        for layer in 0..<layers {
            let p = "model.layers.\(layer)."
            tensors += [
                (p + "input_layernorm.weight", [dModel], random(dModel, scale: 0.2).map { 1 + $0 }),
                (p + "post_attention_layernorm.weight", [dModel], random(dModel, scale: 0.2).map { 1 + $0 }),
                (
                    p + "self_attn.q_proj.weight", [heads * headWidth, dModel],
                    random(heads * headWidth * dModel, scale: 0.5)
                ),
                (p + "self_attn.k_proj.weight", [headWidth, dModel], random(headWidth * dModel, scale: 0.5)),
                (p + "self_attn.v_proj.weight", [headWidth, dModel], random(headWidth * dModel, scale: 0.5)),
                (
                    p + "self_attn.o_proj.weight", [dModel, heads * headWidth],
                    random(dModel * heads * headWidth, scale: 0.5)
                ),
                (p + "mlp.gate_proj.weight", [feedForward, dModel], random(feedForward * dModel, scale: 0.5)),
                (p + "mlp.up_proj.weight", [feedForward, dModel], random(feedForward * dModel, scale: 0.5)),
                (p + "mlp.down_proj.weight", [dModel, feedForward], random(dModel * feedForward, scale: 0.5)),
            ]
        }
        try Data(SafetensorsBytes.f32(tensors)).write(to: URL(fileURLWithPath: path + "/model.safetensors"))

        let vocab = vocabulary.enumerated().map { "\"\($0.element)\": \($0.offset)" }.joined(separator: ", ")
        let tokenizer = """
            {"version": "1.0", "added_tokens": [], "normalizer": null,
             "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": true},
             "post_processor": null,
             "decoder": {"type": "ByteLevel", "add_prefix_space": true, "trim_offsets": true, "use_regex": true},
             "model": {"type": "BPE", "dropout": null, "unk_token": null, "fuse_unk": false, "byte_fallback": false,
                       "vocab": {\(vocab)}, "merges": []}}
            """
        try tokenizer.write(toFile: path + "/tokenizer.json", atomically: true, encoding: .utf8)
    }
}
