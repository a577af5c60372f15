extension SAEFormat {
    /// EleutherAI sparsify folders: `cfg.json` + `sae.safetensors` (FORMATS.md §4).
    public static let sparsify = SAEFormat(declaring: "sparsify")
}

/// EleutherAI sparsify folders (`layers.10`, `layers.10.mlp`…); the position comes from the folder name.
struct SparsifyFormat: SAEFormatReader {
    var format: SAEFormat { .sparsify }
    var displayName: String { "sparsify" }

    func detect(path: String) -> Bool { fileExists(path + "/" + SparsifyReader.weightsFile) }

    func candidate(_ file: WalkedFile, options: CatalogOptions) -> String? {
        file.name == "cfg.json" && fileExists(file.folder + "/" + SparsifyReader.weightsFile) ? file.folder : nil
    }

    func hookFolder(of folder: String) -> String? { folder }

    func load(_ folder: String, warnings: inout [String]) throws -> SAE { try SparsifyReader.load(folder: folder) }

    func load(entry: ManifestEntry, warnings: inout [String]) throws -> SAE {
        var sae = try SparsifyReader.load(folder: entry.path, hook: entry.hook)
        sae.needsProjection = entry.hook.needsProjection
        return sae
    }
}
