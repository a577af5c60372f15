extension SAEFormat {
    /// SAELens folders: `cfg.json` + `sae_weights.safetensors` (FORMATS.md §1).
    public static let saelens = SAEFormat(declaring: "saelens")
}

/// SAELens folders (all three `cfg.json` layouts); the position comes from the config's hook name.
struct SAELensFormat: FolderSAEFormat {
    var format: SAEFormat { .saelens }
    var displayName: String { "SAELens" }
    var marker: String { "cfg.json" }
    var weightsFile: String? { SAELensReader.weightsFile }

    func load(_ folder: String, warnings: inout [String]) throws -> SAE {
        try SAELensReader.load(folder: folder, warnings: &warnings)
    }

    func load(entry: ManifestEntry, warnings: inout [String]) throws -> SAE {
        try SAELensReader.load(folder: entry.path, hook: entry.hook, warnings: &warnings)
    }
}
