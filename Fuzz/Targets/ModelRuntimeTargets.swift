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
