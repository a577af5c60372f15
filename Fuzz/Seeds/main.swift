import Foundation

// Writes the seed corpus of every fuzz target into the folder given as the only argument, from the same
// byte-level fixtures the tests use (FixtureWriter). Nothing here is committed output.

typealias W = FixtureWriter

let root = CommandLine.arguments.dropFirst().first ?? ".build/fuzz-corpus"

func seed(_ target: String, _ name: String, _ bytes: [UInt8]) {
    W.write(bytes, to: "\(root)/\(target)/seed-\(name)")
}

func gzip(_ bytes: [UInt8]) -> [UInt8] {
    [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF] + W.storedDeflate(bytes) + W.u32(W.crc32(bytes))
        + W.u32(UInt32(truncatingIfNeeded: bytes.count))
}

let small = W.saeTensors(dIn: 2, dSAE: 3, threshold: true)
seed("safetensors", "f32", W.safetensors(small))
seed("safetensors", "bf16", W.safetensors(W.saeTensors(dIn: 2, dSAE: 3, threshold: true, bf16: true)))
seed("safetensors", "metadata", W.safetensors([.f32("x", [2], [1, 2])], metadata: ["format": "pt"]))
seed(
    "safetensors", "mixed",
    W.safetensors([
        .init(name: "h", dtype: "F16", shape: [2], bytes: [0, 0x3C, 0, 0xC0]),
        .init(name: "d", dtype: "F64", shape: [1], bytes: W.u64(Double(2.5).bitPattern)),
        .init(name: "k", dtype: "I64", shape: [], bytes: W.u64(32)),
        .init(name: "z", dtype: "F32", shape: [0, 4], bytes: []),
    ]))

let npyF32 = W.npy(descr: "<f4", shape: [2, 3], data: W.f32([1, 2, 3, 4, 5, 6]))
let npyFortran = W.npy(descr: "<f4", fortran: true, shape: [2, 3], data: W.f32([1, 4, 2, 5, 3, 6]))
let npyBig = W.npy(descr: ">f4", shape: [3], data: W.f32BigEndian([1.5, -7, 1e-3]))
let npyV2 = W.npy(descr: "<f8", shape: [2], data: W.u64(Double(2.5).bitPattern) + W.u64(1), major: 2)
seed("npy", "f32", npyF32)
seed("npy", "fortran", npyFortran)
seed("npy", "big-endian", npyBig)
seed("npy", "v2", npyV2)
seed("npy", "scalar-i8", W.npy(descr: "<i8", shape: [], data: W.u64(7)))

seed("npz", "gemma-scope", W.gemmaScopeNpz(dIn: 2, dSAE: 3))

seed("torch", "autoencoder", W.dictionaryLearningAE(dIn: 2, dSAE: 3))
seed("torch", "topk", W.dictionaryLearningAE(dIn: 2, dSAE: 3, k: 2))
seed("pickle", "ordered-dict", W.torchPickle([.f32("decoder.weight", key: "0", [2, 3])]))
seed(
    "pickle", "plain-dict-offset",
    W.torchPickle(
        [
            .init(name: "w", storageKey: "0", storageCount: 6, offset: 2, shape: [2, 2]),
            .init(name: "k", storageType: "IntStorage", storageKey: "1", storageCount: 1, shape: [], strides: []),
        ],
        plainDict: true))
seed(
    "npz", "mixed",
    W.npz([
        .init(name: "a.npy", contents: npyF32, deflate: true), .init(name: "f.npy", contents: npyFortran),
        .init(name: "v.npy", contents: npyV2, zip64Offset: true),
    ]))

seed("config", "saelens-v6", Array(W.v6Config(dIn: 2, dSAE: 3, hook: "blocks.1.hook_resid_post").utf8))
seed(
    "config", "saelens-flat",
    Array(
        #"{"d_in": 2, "d_sae": 3, "hook_name": "blocks.1.hook_mlp_out", "architecture": "topk", "activation_fn_kwargs": {"k": 2}, "normalize_activations": true}"#
            .utf8))
seed(
    "config", "saelens-legacy",
    Array(#"{"d_in": 2, "expansion_factor": 1.5, "hook_point": "blocks.2.attn.hook_z"}"#.utf8))
seed(
    "config", "llama-scope",
    Array(
        #"{"d_model": 2, "d_sae": 3, "hook_point_in": "blocks.4.hook_resid_post", "hook_point_out": "blocks.4.hook_resid_post", "jump_relu_threshold": 0.5, "dataset_average_activation_norm": {"in": 2.0, "out": 4.0}, "sparsity_include_decoder_norm": false}"#
            .utf8))
seed("config", "sparsify", Array(#"{"d_in": 2, "num_latents": 3, "k": 2, "activation": "topk"}"#.utf8))

seed(
    "manifest", "two",
    Array(
        """
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
        """.utf8))
seed("manifest", "flow", Array("saes:\n  - {path: a, layer: 3, site: att, hook: blocks.3.attn.hook_z}\n".utf8))

let jsonl = """
    {"modelId":"gemma-2-2b","layer":"24-gemmascope-res-16k","index":"14","description":"legal","explanationModelName":"m"}
    {"layer":"3-synthetic-mlp","index":7,"description":"x \\"q\\" 🙂"}
    """
seed("labels", "jsonl", Array(jsonl.utf8))
seed("labels", "jsonl-gz", gzip(Array(jsonl.utf8)))
seed("labels", "csv", Array("layer,site,index,label\n0,res,1,\"a, \"\"b\"\"\nc\"\n2,mlp,3,plain\r\n".utf8))
print("seeds written to \(root)")
