extension SAEFormat {
    /// Llama Scope folders: `hyperparams.json` + `checkpoints/final.safetensors` (FORMATS.md §3).
    public static let llamaScope = SAEFormat(declaring: "llama-scope")
}

/// Llama Scope (lm_saes) folders; the position comes from `hook_point_in`.
struct LlamaScopeFormat: FolderSAEFormat {
    var format: SAEFormat { .llamaScope }
    var displayName: String { "Llama Scope" }
    var marker: String { "hyperparams.json" }
    var weightsFile: String? { nil }

    func load(_ folder: String, warnings: inout [String]) throws -> SAE { try LlamaScopeReader.load(folder: folder) }

    func load(entry: ManifestEntry, warnings: inout [String]) throws -> SAE {
        try LlamaScopeReader.load(folder: entry.path, hook: entry.hook)
    }
}
