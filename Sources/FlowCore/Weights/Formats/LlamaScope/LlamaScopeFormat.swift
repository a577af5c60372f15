extension SAEFormat {
    /// Llama Scope folders: `hyperparams.json` + `checkpoints/final.safetensors` (FORMATS.md §3).
    public static let llamaScope = SAEFormat(declaring: "llama-scope")
}

/// Llama Scope (lm_saes) folders; the position comes from `hook_point_in`.
struct LlamaScopeFormat: SAEFormatReader {
    var format: SAEFormat { .llamaScope }
    var displayName: String { "Llama Scope" }

    func detect(path: String) -> Bool { fileExists(path + "/hyperparams.json") }

    func candidate(_ file: WalkedFile, options: CatalogOptions) -> String? {
        file.name == "hyperparams.json" ? file.folder : nil
    }

    func hookFolder(of folder: String) -> String? { folder }

    func load(_ folder: String, warnings: inout [String]) throws -> SAE { try LlamaScopeReader.load(folder: folder) }

    func load(entry: ManifestEntry, warnings: inout [String]) throws -> SAE {
        try LlamaScopeReader.load(folder: entry.path, hook: entry.hook)
    }
}
