extension SAEFormat {
    /// SAELens folders: `cfg.json` + `sae_weights.safetensors` (FORMATS.md §1).
    public static let saelens = SAEFormat(declaring: "saelens")
}

/// SAELens folders (all three `cfg.json` layouts); the position comes from the config's hook name.
struct SAELensFormat: SAEFormatReader {
    var format: SAEFormat { .saelens }
    var displayName: String { "SAELens" }

    func detect(path: String) -> Bool { fileExists(path + "/" + SAELensReader.weightsFile) }

    func candidate(_ file: WalkedFile, options: CatalogOptions) -> String? {
        file.name == "cfg.json" && fileExists(file.folder + "/" + SAELensReader.weightsFile) ? file.folder : nil
    }

    func hookFolder(of folder: String) -> String? { folder }

    func load(_ folder: String, warnings: inout [String]) throws -> SAE {
        try SAELensReader.load(folder: folder, warnings: &warnings)
    }

    func load(entry: ManifestEntry, warnings: inout [String]) throws -> SAE {
        try SAELensReader.load(folder: entry.path, hook: entry.hook, warnings: &warnings)
    }
}
