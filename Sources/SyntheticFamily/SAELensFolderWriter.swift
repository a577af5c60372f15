import CanonicalOutput
import FlowCore
import Foundation

/// Writes one SAE as a SAELens v6 folder: `cfg.json` (nested `metadata`) and `sae_weights.safetensors`
/// (JumpReLU: `W_dec`, `W_enc`, `b_dec`, `b_enc`, `threshold`).
public enum SAELensFolderWriter {
    /// Rows of `W_enc` produced per block while streaming the transpose.
    static let encoderBlock = 64

    /// The cfg.json object for `sae`.
    public static func config(for sae: SyntheticSAE, dtype: SyntheticDType) -> JSONValue {
        .object([
            "architecture": .string("jumprelu"),
            "d_in": .int(sae.dIn),
            "d_sae": .int(sae.dSAE),
            "dtype": .string(dtype.saeLensName),
            "device": .string("cpu"),
            "apply_b_dec_to_input": .bool(false),
            "normalize_activations": .string("none"),
            "reshape_activations": .string("none"),
            "metadata": .object([
                "model_name": .string("synthetic"),
                "hook_name": .string(sae.hookName),
                "hook_layer": .int(sae.layer),
                "hook_head_index": .null,
                "neuronpedia_id": .null,
                "model_class_name": .string("HookedTransformer"),
                "model_from_pretrained_kwargs": .object([:]),
                "prepend_bos": .bool(true),
                "context_size": .int(1024),
                "dataset_path": .string("synthetic"),
                "sae_lens_version": .string("6.18.0"),
                "sae_lens_training_version": .string("featureflow-synth \(FlowCore.version)"),
            ]),
        ])
    }

    /// The tensor layout of `sae`'s weights file.
    public static func layout(for sae: SyntheticSAE, dtype: SyntheticDType) throws -> SafetensorsWriter {
        try SafetensorsWriter(
            tensors: [
                SafetensorsTensorSpec(name: "W_enc", dtype: dtype, shape: [sae.dIn, sae.dSAE]),
                SafetensorsTensorSpec(name: "W_dec", dtype: dtype, shape: [sae.dSAE, sae.dIn]),
                SafetensorsTensorSpec(name: "b_enc", dtype: dtype, shape: [sae.dSAE]),
                SafetensorsTensorSpec(name: "b_dec", dtype: dtype, shape: [sae.dIn]),
                SafetensorsTensorSpec(name: "threshold", dtype: dtype, shape: [sae.dSAE]),
            ], metadata: ["format": "pt"])
    }

    /// Writes `folder/cfg.json` and `folder/sae_weights.safetensors` (creating the folder); returns the bytes written.
    @discardableResult
    public static func write(_ sae: SyntheticSAE, dtype: SyntheticDType, to folder: String) throws -> Int {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw SyntheticError(path: folder, .io("cannot create folder: \(error.localizedDescription)"))
        }
        let configText = config(for: sae, dtype: dtype).rendered(expandDepth: 8) + "\n"
        let configPath = folder + "/cfg.json"
        guard FileManager.default.createFile(atPath: configPath, contents: Data(configText.utf8)) else {
            throw SyntheticError(path: configPath, .io("cannot write file"))
        }
        let writer = try layout(for: sae, dtype: dtype)
        try writer.write(to: folder + "/sae_weights.safetensors") { tensor, sink in
            switch tensor.name {
            case "W_dec": try sink.append(sae.decoder)
            case "W_enc":
                let scales = sae.encoderScales
                for start in stride(from: 0, to: sae.dIn, by: encoderBlock) {
                    try sink.append(sae.encoderRows(start..<min(sae.dIn, start + encoderBlock), scales: scales))
                }
            case "b_enc": try sink.append(sae.bEnc)
            case "b_dec": try sink.append(sae.bDec)
            default: try sink.append(sae.threshold)
            }
        }
        return configText.utf8.count + writer.fileSize
    }
}
