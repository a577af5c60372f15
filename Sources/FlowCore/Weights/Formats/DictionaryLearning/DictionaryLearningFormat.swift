import Foundation

extension SAEFormat {
    /// saprmarks/dictionary_learning: `ae.pt` (a PyTorch zip checkpoint) + `config.json` (FORMATS.md §5).
    public static let dictionaryLearning = SAEFormat(declaring: "dictionary-learning")
}

/// dictionary_learning folders: `ae.pt`, read without Python (`TorchCheckpoint`), and `config.json` for the
/// layer and submodule (or a folder named like `resid_post_layer_3` above the file).
struct DictionaryLearningFormat: SAEFormatReader {
    var format: SAEFormat { .dictionaryLearning }
    var displayName: String { "dictionary_learning" }

    func detect(path: String) -> Bool { path.hasSuffix(".pt") || fileExists(path + "/ae.pt") }

    func candidate(_ file: WalkedFile, options: CatalogOptions) -> String? { file.name == "ae.pt" ? file.path : nil }

    func load(_ path: String, warnings: inout [String]) throws -> SAE {
        let folder = (path as NSString).deletingLastPathComponent
        let configPath = folder + "/config.json"
        let config = fileExists(configPath) ? try DictionaryLearningConfig(path: configPath) : nil
        guard let hook = DictionaryLearningConfig.position(folder: folder, config: config) else {
            throw WeightError(
                path: path,
                .unrecognised(
                    "cannot tell layer and site (no config.json with trainer.layer, no folder named like resid_post_layer_3)"
                ))
        }
        return try DictionaryLearningReader.load(path: path, hook: hook, config: config)
    }

    func load(entry: ManifestEntry, warnings: inout [String]) throws -> SAE {
        let file = entry.path.hasSuffix(".pt") ? entry.path : entry.path + "/ae.pt"
        let configPath = (file as NSString).deletingLastPathComponent + "/config.json"
        let config = fileExists(configPath) ? try DictionaryLearningConfig(path: configPath) : nil
        return try DictionaryLearningReader.load(path: file, hook: entry.hook, config: config)
    }

    func loadFile(_ path: String, options: CatalogOptions) throws -> SAE? {
        guard path.hasSuffix(".pt") else { return nil }
        var warnings: [String] = []
        return try load(path, warnings: &warnings)
    }
}
