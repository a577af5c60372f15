import Foundation

@testable import FlowCore

/// One small, valid input and how to load it completely, for mutation tests: the other files it needs
/// are written once into `folder`; each mutation overwrites `target` and runs `load` on the folder.
struct MalformedInput: Sendable {
    typealias W = FixtureWriter

    /// A short name for failure messages.
    var name: String
    /// The folder holding the input (and its companion files).
    var folder: String
    /// The path of the file that is mutated, relative to `folder`.
    var target: String
    /// The valid bytes of `target`.
    var bytes: [UInt8]
    /// Reads everything the pipeline would read (headers, every decoder row, every label).
    var load: @Sendable (String) throws -> Void

    /// The mutated file's full path.
    var targetPath: String { folder + "/" + target }

    /// Writes `mutated` over the target and loads. Returns nil when it loaded or threw a located error naming
    /// a file inside the folder (`strict`: naming exactly the target); otherwise what went wrong.
    func check(_ mutated: [UInt8], strict: Bool = true) -> String? {
        // Plain, non-atomic write: thousands of mutations must not wait for the disk.
        do {
            try Data(mutated).write(to: URL(fileURLWithPath: targetPath))
        } catch {
            return "\(name): cannot write the mutation: \(error)"
        }
        do {
            try load(folder)
            return nil
        } catch let error as any LocatedError {
            return judge(error, strict: strict)
        } catch let list as ProblemList {
            if list.problems.isEmpty { return "\(name): empty problem list" }
            for problem in list.problems {
                if let why = judge(problem, strict: strict) { return why }
            }
            return nil
        } catch {
            return "\(name): an error that is not located: \(error)"
        }
    }

    private func judge(_ error: any LocatedError, strict: Bool) -> String? {
        guard let path = error.path else { return "\(name): error without a path: \(error)" }
        if strict ? path == targetPath : path.hasPrefix(folder) { return nil }
        return "\(name): error names \(path), not \(strict ? targetPath : folder): \(error.message)"
    }

    /// Every decoder row of `sae`, which runs the NaN/Inf check.
    static func readAll(_ sae: SAE) throws {
        _ = try sae.decoder.rows(0..<sae.decoder.rows)
        _ = sae.threshold
    }

    /// Every convertible tensor's values.
    static func readAll(_ views: [TensorView]) throws {
        for view in views where view.dtype.isConvertible { _ = try view.floats() }
    }

    // MARK: - The fixtures

    /// A fresh folder for mutations: in RAM (/dev/shm) when there is one, because a small write costs
    /// milliseconds on a slow disk and this suite writes thousands. The tests remove it when done.
    static func scratchFolder(_ label: String) -> String {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: "/dev/shm", isDirectory: &isFolder), isFolder.boolValue,
            FileManager.default.isWritableFile(atPath: "/dev/shm")
        else { return W.temporaryFolder(label) }
        let path = "/dev/shm/featureflow-\(label)-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Removes the folder (and the fixtures in it).
    func remove() { try? FileManager.default.removeItem(atPath: folder) }

    /// A file read on its own by `load(path)`.
    static func single(_ name: String, file: String, bytes: [UInt8], load: @escaping @Sendable (String) throws -> Void)
        -> MalformedInput
    {
        let folder = scratchFolder("malformed-\(name)")
        return MalformedInput(name: name, folder: folder, target: file, bytes: bytes) { try load($0 + "/" + file) }
    }

    /// A SAELens safetensors file with an F32 or BF16 decoder.
    static func safetensors(bf16: Bool) -> MalformedInput {
        let bytes = W.safetensors(W.saeTensors(dIn: 2, dSAE: 3, threshold: true, bf16: bf16))
        return single(bf16 ? "safetensors-bf16" : "safetensors-f32", file: "sae.safetensors", bytes: bytes) {
            let file = try SafetensorsFile(path: $0)
            try readAll(file.tensors)
            _ = try file.tensorIfPresent("W_dec")?.decoderMatrix().rows(0..<3)
        }
    }

    /// A standalone .npy (v1 header, F32, 2×3).
    static func npy() -> MalformedInput {
        let bytes = W.npy(descr: "<f4", shape: [2, 3], data: W.f32([1, 2, 3, 4, 5, 6]))
        return single("npy", file: "a.npy", bytes: bytes) { _ = try NpyFile.open(path: $0).floats() }
    }

    /// A numpy-style ZIP64 npz: stored members, a DEFLATE member, a ZIP64 offset extra and a v2 header.
    static func npz() -> MalformedInput {
        let bytes = W.npz([
            .init(name: "W_dec.npy", contents: W.npy(descr: "<f4", shape: [3, 2], data: W.f32([1, 2, 3, 4, 5, 6]))),
            .init(
                name: "threshold.npy", contents: W.npy(descr: "<f4", shape: [3], data: W.f32([0, 1, 2])), deflate: true),
            .init(
                name: "b.npy", contents: W.npy(descr: ">f4", shape: [2], data: W.f32BigEndian([1, 2]), major: 2),
                zip64Offset: true),
        ])
        return single("npz", file: "params.npz", bytes: bytes) { try readAll(NpzArchive(path: $0).arrays) }
    }

    /// A SAELens folder whose v6 `cfg.json` is mutated.
    static func saelensConfig() -> MalformedInput {
        let folder = scratchFolder("malformed-cfg")
        let config = W.v6Config(dIn: 2, dSAE: 3, hook: "blocks.1.hook_resid_post")
        W.saelensFolder(at: folder, config: config, tensors: W.saeTensors(dIn: 2, dSAE: 3, threshold: true))
        return MalformedInput(name: "cfg.json", folder: folder, target: "cfg.json", bytes: Array(config.utf8)) {
            var warnings: [String] = []
            try readAll(SAELensReader.load(folder: $0, warnings: &warnings))
        }
    }

    /// A Llama Scope folder whose `hyperparams.json` is mutated.
    static func llamaScopeConfig() -> MalformedInput {
        let folder = scratchFolder("malformed-hyperparams")
        let config = """
            {"d_model": 2, "d_sae": 3, "hook_point_in": "blocks.4.hook_resid_post",
             "hook_point_out": "blocks.4.hook_resid_post", "jump_relu_threshold": 0.5,
             "dataset_average_activation_norm": {"in": 2.0, "out": 4.0}, "sparsity_include_decoder_norm": true}
            """
        W.write(config, to: folder + "/hyperparams.json")
        W.write(
            W.safetensors([.f32("decoder.weight", [2, 3], [1, 2, 3, 4, 5, 6])]),
            to: folder + "/checkpoints/final.safetensors")
        return MalformedInput(
            name: "hyperparams.json", folder: folder, target: "hyperparams.json", bytes: Array(config.utf8)
        ) { try readAll(LlamaScopeReader.load(folder: $0)) }
    }

    /// A folder with a `featureflow.yaml` manifest listing a SAELens SAE and a Gemma Scope npz.
    static func manifest() -> MalformedInput {
        let folder = scratchFolder("malformed-manifest")
        W.saelensFolder(
            at: folder + "/a", config: W.v6Config(dIn: 2, dSAE: 3, hook: "blocks.0.hook_resid_post"),
            tensors: W.saeTensors(dIn: 2, dSAE: 3, threshold: true))
        W.write(W.gemmaScopeNpz(dIn: 2, dSAE: 4), to: folder + "/g/params.npz")
        let manifest = """
            model: model
            saes:
              - path: a
                layer: 0
                site: res
              - path: g
                format: gemma-scope
                layer: 1
                site: mlp
                neuronpedia: x/1-mlp
            """
        return MalformedInput(name: "manifest", folder: folder, target: "featureflow.yaml", bytes: Array(manifest.utf8))
        {
            for sae in try SAECatalog.load(path: $0).saes { try readAll(sae) }
        }
    }

    /// A Gemma Scope release folder (`gemma-scope-2b-pt-res/layer_0/width_1k/average_l0_5/params.npz`, 1024
    /// latents of 2 dimensions, with `b_dec` so shape checks can name a transposed `W_dec`), read through
    /// discovery: the width from the folder name, the shapes against each other.
    static func gemmaScopeTree() -> MalformedInput {
        let folder = scratchFolder("malformed-gemma")
        let target = "gemma-scope-2b-pt-res/layer_0/width_1k/average_l0_5/params.npz"
        let bytes = W.npz([
            .init(
                name: "W_dec.npy",
                contents: W.npy(descr: "<f4", shape: [1024, 2], data: W.f32(W.grid(rows: 1024, columns: 2)))
            ),
            .init(name: "b_dec.npy", contents: W.npy(descr: "<f4", shape: [2], data: W.f32([0, 0]))),
            .init(
                name: "threshold.npy",
                contents: W.npy(descr: "<f4", shape: [1024], data: W.f32(.init(repeating: 1, count: 1024)))),
        ])
        W.write(bytes, to: folder + "/" + target)
        return MalformedInput(name: "gemma-scope-tree", folder: folder, target: target, bytes: bytes) {
            for sae in try SAECatalog.load(path: $0).saes { try readAll(sae) }
        }
    }

    /// A Hugging Face cache repository with two snapshots whose `refs/main` is mutated: it must name a
    /// snapshot, or the error names it.
    static func huggingFaceRefs() -> MalformedInput {
        let folder = scratchFolder("malformed-refs")
        let repository = "models--google--gemma-scope-2b-pt-res"
        for snapshot in ["1111old", "2222new"] {
            W.write(
                W.gemmaScopeNpz(dIn: 2, dSAE: 3),
                to: folder + "/\(repository)/snapshots/\(snapshot)/layer_0/width_3/average_l0_5/params.npz")
        }
        let bytes = Array("2222new\n".utf8)
        W.write(bytes, to: folder + "/" + repository + "/refs/main")
        return MalformedInput(name: "hf-refs-main", folder: folder, target: repository + "/refs/main", bytes: bytes) {
            for sae in try SAECatalog.load(path: $0).saes { try readAll(sae) }
        }
    }

    /// A model folder whose `config.json` is mutated (its `model_type` decides whether the Gemma 2 gain applies).
    static func modelConfig() -> MalformedInput {
        let folder = scratchFolder("malformed-model")
        W.write(
            W.safetensors([
                .f32("model.layers.0.self_attn.o_proj.weight", [2, 2], [1, 2, 3, 4]),
                .f32("model.layers.0.post_attention_layernorm.weight", [2], [0.5, 1]),
            ]), to: folder + "/model.safetensors")
        let config = #"{"model_type": "gemma2", "hidden_size": 2, "num_hidden_layers": 1}"#
        return MalformedInput(name: "config.json", folder: folder, target: "config.json", bytes: Array(config.utf8)) {
            _ = try ModelWeights.load(directory: $0).attentionOutput(layer: 0)
        }
    }

    /// Neuronpedia JSONL labels.
    static func labelsJSONL() -> MalformedInput {
        let text = """
            {"modelId":"gemma-2-2b","layer":"24-gemmascope-res-16k","index":"14","description":"legal","explanationModelName":"m"}
            {"layer":"3-synthetic-mlp","index":7,"description":"x \\"q\\" 🙂"}
            """
        return single("labels-jsonl", file: "batch-0.jsonl", bytes: Array(text.utf8)) {
            _ = try LabelSet.load(paths: [$0])
        }
    }

    /// CSV labels with a header, quoting and an embedded newline.
    static func labelsCSV() -> MalformedInput {
        let text = "layer,site,index,label\n0,res,1,\"a, \"\"b\"\"\nc\"\n2,mlp,3,plain\r\n"
        return single("labels-csv", file: "labels.csv", bytes: Array(text.utf8)) { _ = try LabelSet.load(paths: [$0]) }
    }

    /// Gzipped JSONL labels (made with zlib through `gzip` framing by hand: stored DEFLATE blocks).
    static func labelsGzip() -> MalformedInput {
        let text = Array(#"{"layer":"1-x-res","index":"2","description":"d"}"#.utf8) + [0x0A]
        return single("labels-gz", file: "batch-1.jsonl.gz", bytes: gzip(text)) { _ = try LabelSet.load(paths: [$0]) }
    }

    /// Every fixture above.
    static func all() -> [MalformedInput] {
        [
            safetensors(bf16: false), safetensors(bf16: true), npy(), npz(), saelensConfig(), llamaScopeConfig(),
            manifest(), gemmaScopeTree(), huggingFaceRefs(), modelConfig(), labelsJSONL(), labelsCSV(), labelsGzip(),
            gemmaScope2Tree(), torchCheckpoint(), torchPickle(),
        ]
    }

    /// A gzip member around stored DEFLATE blocks (RFC 1952: header, blocks, CRC-32, size).
    static func gzip(_ bytes: [UInt8]) -> [UInt8] {
        [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF] + W.storedDeflate(bytes) + W.u32(W.crc32(bytes))
            + W.u32(UInt32(truncatingIfNeeded: bytes.count))
    }
}
