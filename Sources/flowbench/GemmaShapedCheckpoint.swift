import Foundation

/// A Gemma-2-2B-shaped Hugging Face checkpoint with random BF16 weights (uniform in ±0.05, norm
/// gains 0, i.e. 1 after Gemma's `1 + w`): `config.json`, `model.safetensors.index.json` and
/// shards of about 1 GB, for the `rss` benchmark.
enum GemmaShapedCheckpoint {
    static let layers = 26
    static let d = 2304
    static let ff = 9216
    static let heads = 8
    static let keyValueHeads = 4
    static let headWidth = 256
    static let vocabulary = 256_000

    /// Writes the checkpoint into `folder`; returns the bytes written.
    static func write(to folder: URL) throws -> Int {
        let config: [String: Any] = [
            "model_type": "gemma2", "num_hidden_layers": layers, "hidden_size": d, "intermediate_size": ff,
            "num_attention_heads": heads, "num_key_value_heads": keyValueHeads, "head_dim": headWidth,
            "vocab_size": vocabulary, "rms_norm_eps": 1e-6, "rope_theta": 10000.0, "tie_word_embeddings": true,
            "max_position_embeddings": 8192, "query_pre_attn_scalar": 256, "sliding_window": 4096,
            "attn_logit_softcapping": 50.0, "final_logit_softcapping": 30.0,
        ]
        var total = 0
        let configData = try JSONSerialization.data(withJSONObject: config, options: [.sortedKeys])
        try configData.write(to: folder.appendingPathComponent("config.json"))
        total += configData.count
        // Shard 1: embedding and final norm; then 6 or 7 layers per shard.
        var shards: [[SafetensorsWriter.Entry]] = [
            [
                .init(name: "model.embed_tokens.weight", dtype: "BF16", shape: [vocabulary, d]),
                .init(name: "model.norm.weight", dtype: "BF16", shape: [d]),
            ]
        ]
        let q = heads * headWidth
        let kv = keyValueHeads * headWidth
        for group in stride(from: 0, to: layers, by: 7) {
            var entries: [SafetensorsWriter.Entry] = []
            for l in group..<min(layers, group + 7) {
                let p = "model.layers.\(l)."
                for norm in [
                    "input_layernorm", "post_attention_layernorm", "pre_feedforward_layernorm",
                    "post_feedforward_layernorm",
                ] {
                    entries.append(.init(name: p + norm + ".weight", dtype: "BF16", shape: [d]))
                }
                entries += [
                    .init(name: p + "self_attn.q_proj.weight", dtype: "BF16", shape: [q, d]),
                    .init(name: p + "self_attn.k_proj.weight", dtype: "BF16", shape: [kv, d]),
                    .init(name: p + "self_attn.v_proj.weight", dtype: "BF16", shape: [kv, d]),
                    .init(name: p + "self_attn.o_proj.weight", dtype: "BF16", shape: [d, q]),
                    .init(name: p + "mlp.gate_proj.weight", dtype: "BF16", shape: [ff, d]),
                    .init(name: p + "mlp.up_proj.weight", dtype: "BF16", shape: [ff, d]),
                    .init(name: p + "mlp.down_proj.weight", dtype: "BF16", shape: [d, ff]),
                ]
            }
            shards.append(entries)
        }
        // BF16 of uniform values in ±0.05, indexed by 16 random bits.
        let table = (0..<65536).map { r -> UInt16 in
            let value = (Float(r) - 32768) / 32768 * 0.05
            return UInt16(value.bitPattern >> 16)
        }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var chunk = [UInt16](repeating: 0, count: 8 << 20)
        var weightMap: [String: String] = [:]
        for (s, entries) in shards.enumerated() {
            let name = String(format: "model-%05d-of-%05d.safetensors", s + 1, shards.count)
            for entry in entries { weightMap[entry.name] = name }
            let url = folder.appendingPathComponent(name)
            try SafetensorsWriter.write(entries, to: url) { i, handle in
                var remaining = entries[i].byteCount / 2
                let isNorm = entries[i].shape.count == 1
                while remaining > 0 {
                    let n = min(remaining, chunk.count)
                    chunk.withUnsafeMutableBufferPointer { out in
                        if isNorm {
                            out.update(repeating: 0)
                            return
                        }
                        var j = 0
                        while j < n {
                            state ^= state << 13
                            state ^= state >> 7
                            state ^= state << 17
                            var bits = state
                            for _ in 0..<min(4, n - j) {
                                out[j] = table[Int(bits & 0xFFFF)]
                                bits >>= 16
                                j += 1
                            }
                        }
                    }
                    try chunk.withUnsafeBytes { try handle.write(contentsOf: Data($0.prefix(2 * n))) }
                    remaining -= n
                }
            }
            total += (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        }
        let index: [String: Any] = ["metadata": ["total_size": total], "weight_map": weightMap]
        try JSONSerialization.data(withJSONObject: index, options: [.sortedKeys]).write(
            to: folder.appendingPathComponent("model.safetensors.index.json"))
        return total
    }
}
