import Foundation

@testable import FlowCore

/// The inputs of the formats added through the registry: Gemma Scope 2 trees and PyTorch checkpoints.
extension MalformedInput {
    /// A Gemma Scope 2 tree (`resid_post/layer_0_width_1k_l0_small/params.safetensors`, 1024 latents of 2
    /// dimensions) read through discovery.
    static func gemmaScope2Tree() -> MalformedInput {
        let folder = scratchFolder("malformed-gs2")
        let target = "gemma-scope-2-1b-pt/resid_post/layer_0_width_1k_l0_small/params.safetensors"
        let bytes = W.safetensors([
            .f32("w_dec", [1024, 2], W.grid(rows: 1024, columns: 2)),
            .f32("threshold", [1024], .init(repeating: 1, count: 1024)),
        ])
        W.write(bytes, to: folder + "/" + target)
        return MalformedInput(name: "gemma-scope-2-tree", folder: folder, target: target, bytes: bytes) {
            for sae in try SAECatalog.load(path: $0).saes { try readAll(sae) }
        }
    }

    /// A dictionary_learning TopK `ae.pt` (zip + pickle + storages), every tensor read.
    static func torchCheckpoint() -> MalformedInput {
        single("ae.pt", file: "ae.pt", bytes: W.dictionaryLearningAE(dIn: 2, dSAE: 3, k: 2)) {
            try readAll(TorchCheckpoint(path: $0).tensors)
        }
    }

    /// The pickle of a checkpoint alone: the mutated bytes are wrapped in a valid zip (correct CRC-32) so that
    /// every mutation reaches the pickle machine rather than stopping at the zip's checksum.
    static func torchPickle() -> MalformedInput {
        let tensors: [W.TorchTensor] = [
            .f32("decoder.weight", key: "0", [2, 3]),
            .init(name: "k", storageType: "IntStorage", storageKey: "1", storageCount: 1, shape: [], strides: []),
        ]
        return single("data.pkl", file: "data.pkl", bytes: W.torchPickle(tensors)) { path in
            let pickle = MappedFile.contents(atPath: path) ?? []
            let zip = W.torchZip(pickle: pickle, storages: [("0", W.f32([1, 2, 3, 4, 5, 6])), ("1", W.u32(2))])
            try readAll(TorchCheckpoint(archive: ZipArchive(file: MappedFile(bytes: zip, path: path))).tensors)
        }
    }
}
