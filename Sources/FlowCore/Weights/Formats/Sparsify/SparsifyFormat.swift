extension SAEFormat {
    /// EleutherAI sparsify folders: `cfg.json` + `sae.safetensors` (FORMATS.md §4).
    public static let sparsify = SAEFormat(declaring: "sparsify")
}

/// EleutherAI sparsify folders (`layers.10`, `layers.10.mlp`…); the position comes from the folder name.
/// Listed after SAELens, which claims a `cfg.json` folder first when it also holds `sae_weights.safetensors`.
struct SparsifyFormat: FolderSAEFormat {
    var format: SAEFormat { .sparsify }
    var displayName: String { "sparsify" }
    var marker: String { "cfg.json" }
    var weightsFile: String? { SparsifyReader.weightsFile }

    func load(_ folder: String, warnings: inout [String]) throws -> SAE { try SparsifyReader.load(folder: folder) }

    func load(entry: ManifestEntry, warnings: inout [String]) throws -> SAE {
        var sae = try SparsifyReader.load(folder: entry.path, hook: entry.hook)
        sae.needsProjection = entry.hook.needsProjection
        return sae
    }
}
