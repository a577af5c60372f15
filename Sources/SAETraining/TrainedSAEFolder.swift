import CanonicalOutput
import FlowCore
import Foundation
import LinearAlgebra

/// Writes a trained `TopKSAE` as a SAELens v6 folder (`cfg.json` + F32 `sae_weights.safetensors` with
/// `W_enc [d_in, d_sae]`, `W_dec [d_sae, d_in]`, `b_enc`, `b_dec`), so SAELens and featureflow load it;
/// the held-out quality goes into `cfg.json`'s `metadata.featureflow_training`.
public enum TrainedSAEFolder {
    /// What the folder says about the SAE besides its weights.
    public struct Description: Sendable, Equatable {
        /// The TransformerLens hook the SAE reads (e.g. `blocks.3.hook_resid_post`).
        public var hookName: String
        /// The hook's layer.
        public var layer: Int
        /// The model's name (e.g. `SmolLM2-135M-Instruct`).
        public var modelName: String
        /// Training tokens seen.
        public var trainingTokens: Int
        /// Held-out quality.
        public var quality: SAEQuality
        /// Seed of the run.
        public var seed: UInt64

        /// A description with every field.
        public init(
            hookName: String, layer: Int, modelName: String, trainingTokens: Int, quality: SAEQuality, seed: UInt64
        ) {
            self.hookName = hookName
            self.layer = layer
            self.modelName = modelName
            self.trainingTokens = trainingTokens
            self.quality = quality
            self.seed = seed
        }
    }

    /// The `cfg.json` object.
    static func config(_ sae: TopKSAE, _ description: Description) -> JSONValue {
        .object([
            "architecture": .string("topk"),
            "d_in": .int(sae.inputs),
            "d_sae": .int(sae.latents),
            "k": .int(sae.k),
            "dtype": .string("float32"),
            "device": .string("cpu"),
            "apply_b_dec_to_input": .bool(true),
            "normalize_activations": .string("none"),
            "reshape_activations": .string("none"),
            "metadata": .object([
                "model_name": .string(description.modelName),
                "hook_name": .string(description.hookName),
                "hook_layer": .int(description.layer),
                "hook_head_index": .null,
                "neuronpedia_id": .null,
                "prepend_bos": .bool(true),
                "sae_lens_version": .string("6.18.0"),
                "sae_lens_training_version": .string("featureflow train-saes \(FlowCore.version)"),
                "featureflow_training": .object([
                    "training_tokens": .int(description.trainingTokens),
                    "seed": .string(String(description.seed)),
                    "heldout_tokens": .int(description.quality.tokens),
                    "heldout_massive_tokens_left_out": .int(description.quality.massiveTokensLeftOut),
                    "massive_token_norm_factor": .double(Double(MassiveTokens.factor), decimals: 1),
                    "heldout_fve": .double(description.quality.fractionOfVarianceExplained, decimals: 4),
                    "heldout_l0": .double(description.quality.meanL0, decimals: 2),
                    "heldout_dead_fraction": .double(description.quality.deadFraction, decimals: 4),
                ]),
            ]),
        ])
    }

    /// Writes `folder/cfg.json` and `folder/sae_weights.safetensors`, creating the folder.
    public static func write(_ sae: TopKSAE, _ description: Description, to folder: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw SyntheticError(path: folder, .io("cannot create folder: \(error.localizedDescription)"))
        }
        let configPath = folder + "/cfg.json"
        let text = config(sae, description).rendered(expandDepth: 8) + "\n"
        guard FileManager.default.createFile(atPath: configPath, contents: Data(text.utf8)) else {
            throw SyntheticError(path: configPath, .io("cannot write file"))
        }
        let writer = try SafetensorsWriter(
            tensors: [
                SafetensorsTensorSpec(name: "W_enc", dtype: .f32, shape: [sae.inputs, sae.latents]),
                SafetensorsTensorSpec(name: "W_dec", dtype: .f32, shape: [sae.latents, sae.inputs]),
                SafetensorsTensorSpec(name: "b_enc", dtype: .f32, shape: [sae.latents]),
                SafetensorsTensorSpec(name: "b_dec", dtype: .f32, shape: [sae.inputs]),
            ], metadata: ["format": "pt"])
        try writer.write(to: folder + "/sae_weights.safetensors") { tensor, sink in
            switch tensor.name {
            case "W_enc":
                // Stored latent-major; SAELens wants [d_in, d_sae]: one input dimension per row.
                for i in 0..<sae.inputs { try sink.append((0..<sae.latents).map { sae.encoder[$0, i] }) }
            case "W_dec": try sink.append(sae.decoder.values)
            case "b_enc": try sink.append(sae.encoderBias)
            default: try sink.append(sae.decoderBias)
            }
        }
    }
}
