import FlowCore
import Foundation
import ModelRuntime

extension FuzzTargets {
    /// A GGUF file in memory: header, metadata and tensor infos, then every tensor under its Hugging Face
    /// name (matrices decoded row by row) and the tokeniser in its metadata.
    static func gguf(_ bytes: [UInt8]) {
        guard let file = try? GGUFFile(file: MappedFile(bytes: bytes, path: "fuzz.gguf")) else { return }
        _ = try? Tokenizer(gguf: file).encode("Hello 123 wörld 🙂 <|im_end|>  \n")
        guard let checkpoint = try? GGUFCheckpoint(file: file) else { return }
        for name in checkpoint.tensorNames {
            if let matrix = try? checkpoint.matrix(name) {
                _ = matrix.floats()
            } else {
                _ = try? checkpoint.vector(name)
            }
        }
    }

    /// The input as a folder's tokenizer.json (byte-level, SentencePiece-style or anything else), then a
    /// test text encoded and decoded.
    static func tokenizerJSON(_ bytes: [UInt8]) {
        let folder = scratch + "/tokenizer"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        put(bytes, folder + "/tokenizer.json")
        guard let tokenizer = try? Tokenizer.load(path: folder) else { return }
        let ids = tokenizer.encode("Hello 123 wörld 🙂 <|im_end|> <bos>  \n\tcafé ▁x")
        _ = tokenizer.decode(ids + [-1, Int32.max])
    }
}

extension FuzzTargets {
    /// A Hugging Face folder with a valid one-layer Llama's weights (d 8, 2 heads, d_ff 16, vocab 6), made once.
    static let checkpointFolder: String = {
        typealias W = FixtureWriter
        let folder = scratch + "/hf"
        let p = "model.layers.0."
        let shapes: [(String, [Int])] = [
            ("model.embed_tokens.weight", [6, 8]), (p + "input_layernorm.weight", [8]),
            (p + "self_attn.q_proj.weight", [8, 8]), (p + "self_attn.k_proj.weight", [4, 8]),
            (p + "self_attn.v_proj.weight", [4, 8]), (p + "self_attn.o_proj.weight", [8, 8]),
            (p + "post_attention_layernorm.weight", [8]), (p + "mlp.gate_proj.weight", [16, 8]),
            (p + "mlp.up_proj.weight", [16, 8]), (p + "mlp.down_proj.weight", [8, 16]), ("model.norm.weight", [8]),
            ("lm_head.weight", [6, 8]),
        ]
        let tensors = shapes.map { name, shape in
            W.Tensor.f32(name, shape, (0..<shape.reduce(1, *)).map { Float($0) / 8 })
        }
        W.write(W.safetensors(tensors), to: folder + "/model.safetensors")
        return folder
    }()

    /// The input as a Hugging Face `config.json` next to valid weights: the config, then every tensor.
    static func checkpointConfig(_ bytes: [UInt8]) {
        let folder = checkpointFolder
        put(bytes, folder + "/config.json")
        guard let checkpoint = try? ModelCheckpoint.open(path: folder) else { return }
        for name in (checkpoint as? HFCheckpoint)?.tensorNames ?? [] {
            if let matrix = try? checkpoint.matrix(name) {
                _ = matrix.floats()
            } else {
                _ = try? checkpoint.vector(name)
            }
        }
    }
}
