import FlowCore
import Foundation
import LinearAlgebra
import ModelRuntime
import TestSupport

@testable import FlowEvidence

/// Tiny inputs made in code: SAELens folders written byte by byte, an in-memory model.
enum EvidenceFixtures {
    /// A fresh temporary folder.
    static func folder(_ name: String) throws -> String {
        try TemporaryFolder("evidence-\(name)").path
    }

    /// Writes a standard (ReLU) SAELens SAE reading `hook`: `W_enc [d_in, d_sae]`, `b_enc`, `W_dec
    /// [d_sae, d_in]`, `b_dec`; returns its folder.
    static func writeSAE(
        in parent: String, name: String, hook: String, encoder: [Float], bias: [Float], decoder: [Float],
        decoderBias: [Float]
    ) throws -> String {
        let dSAE = bias.count
        let dIn = decoderBias.count
        let folder = parent + "/" + name
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let config =
            "{\"d_in\":\(dIn),\"d_sae\":\(dSAE),\"architecture\":\"standard\",\"apply_b_dec_to_input\":false,"
            + "\"normalize_activations\":\"none\",\"hook_name\":\"\(hook)\",\"metadata\":{\"hook_name\":\"\(hook)\"}}"
        try config.write(toFile: folder + "/cfg.json", atomically: true, encoding: .utf8)
        let tensors: [(String, [Int], [Float])] = [
            ("W_enc", [dIn, dSAE], encoder), ("b_enc", [dSAE], bias), ("W_dec", [dSAE, dIn], decoder),
            ("b_dec", [dIn], decoderBias),
        ]
        for (name, shape, values) in tensors {
            precondition(values.count == shape.reduce(1, *), "\(name) has the wrong size")
        }
        try Data(SafetensorsBytes.f32(tensors)).write(to: URL(fileURLWithPath: folder + "/sae_weights.safetensors"))
        return folder
    }

    /// Reads a folder written by `writeSAE` as an evidence SAE at (layer, site).
    static func load(_ folder: String, layer: Int, hookSite: HookSite) throws -> EvidenceSAE {
        var warnings: [String] = []
        var sae = try SAELensReader.load(folder: folder, warnings: &warnings)
        sae.layer = layer
        sae.hookSite = hookSite
        let record = SAERecord(
            layer: layer, hookSite: hookSite, path: folder, format: "saelens", hookName: sae.hookName, dIn: sae.dIn,
            dSAE: sae.dSAE, dtype: "F32", architecture: "standard", sha256: "", neuronpediaID: nil, projected: false,
            thresholds: nil)
        return try EvidenceSAE(record: record, sae: sae)
    }

    /// The identity encoder (`d × d`, z = relu(x)) with a zero decoder bias and identity decoder.
    static func identitySAE(in parent: String, name: String, hook: String, width: Int) throws -> String {
        var eye = [Float](repeating: 0, count: width * width)
        for i in 0..<width { eye[i * width + i] = 1 }
        return try writeSAE(
            in: parent, name: name, hook: hook, encoder: eye, bias: [Float](repeating: 0, count: width), decoder: eye,
            decoderBias: [Float](repeating: 0, count: width))
    }

    /// Seeded uniform values in [−scale, scale).
    static func random(_ count: Int, seed: UInt64, scale: Float = 1) -> [Float] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            (Float(generator.next() >> 40) / Float(1 << 24) * 2 - 1) * scale
        }
    }

    /// An in-memory Llama checkpoint.
    struct Checkpoint: CheckpointTensors {
        let config: ModelConfig
        let tensors: [String: (shape: [Int], values: [Float])]

        func contains(_ name: String) -> Bool { tensors[name] != nil }

        func matrix(_ name: String) throws -> WeightMatrix {
            guard let tensor = tensors[name], tensor.shape.count == 2 else {
                throw EvidenceError(path: name, "missing")
            }
            return WeightMatrix(name: name, rows: tensor.shape[0], columns: tensor.shape[1], values: tensor.values)
        }

        func vector(_ name: String) throws -> [Float] {
            guard let tensor = tensors[name], tensor.shape.count == 1 else {
                throw EvidenceError(path: name, "missing")
            }
            return tensor.values
        }
    }

    /// A random 2-block Llama (d 8, 2 heads of 4, 1 key/value head, MLP 16, vocabulary 13, tied embeddings).
    static func tinyModel(seed: UInt64 = 7) -> Checkpoint {
        let (d, ff, heads, kvHeads, headWidth, vocabulary, layers) = (8, 16, 2, 1, 4, 13, 2)
        let config = ModelConfig(
            architecture: .llama, layerCount: layers, modelDimension: d, feedForwardDimension: ff, headCount: heads,
            keyValueHeadCount: kvHeads, headDimension: headWidth, vocabularySize: vocabulary, rmsNormEpsilon: 1e-5,
            ropeTheta: 10000, tiedEmbeddings: true, contextLength: 64)
        var tensors: [String: (shape: [Int], values: [Float])] = [:]
        var next = seed
        func matrix(_ name: String, _ rows: Int, _ columns: Int, scale: Float = 0.5) {
            next += 1
            tensors[name] = ([rows, columns], random(rows * columns, seed: next, scale: scale))
        }
        func gain(_ name: String) {
            next += 1
            tensors[name] = ([d], random(d, seed: next, scale: 0.2).map { 1 + $0 })
        }
        matrix("model.embed_tokens.weight", vocabulary, d, scale: 1)
        gain("model.norm.weight")
        for l in 0..<layers {
            let p = "model.layers.\(l)."
            gain(p + "input_layernorm.weight")
            gain(p + "post_attention_layernorm.weight")
            matrix(p + "self_attn.q_proj.weight", heads * headWidth, d)
            matrix(p + "self_attn.k_proj.weight", kvHeads * headWidth, d)
            matrix(p + "self_attn.v_proj.weight", kvHeads * headWidth, d)
            matrix(p + "self_attn.o_proj.weight", d, heads * headWidth)
            matrix(p + "mlp.gate_proj.weight", ff, d)
            matrix(p + "mlp.up_proj.weight", ff, d)
            matrix(p + "mlp.down_proj.weight", d, ff)
        }
        return Checkpoint(config: config, tensors: tensors)
    }
}
