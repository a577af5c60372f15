import Foundation

/// The parts of a dictionary_learning `config.json` featureflow uses (`{"trainer": {...}, "buffer": {...}}`,
/// FORMATS.md §5): the layer, the submodule (its site), the sizes and `k`.
struct DictionaryLearningConfig {
    /// `trainer.layer`.
    var layer: Int?
    /// `trainer.submodule_name` (`resid_post_layer_3`, `mlp_out_layer_3`, `attn_out_layer_3`).
    var submoduleName: String?
    /// `trainer.activation_dim`.
    var dIn: Int?
    /// `trainer.dict_size`.
    var dSAE: Int?
    /// `trainer.k` (TopK trainers).
    var k: Int?

    /// Reads `path`; errors name the file.
    init(path: String) throws {
        let root = try JSONConfig(path: path)
        guard let trainer = root.object("trainer") else {
            throw WeightError(path: path, .badConfig("no 'trainer' object (not a dictionary_learning config)"))
        }
        layer = trainer.int("layer")
        submoduleName = trainer.string("submodule_name")
        dIn = trainer.int("activation_dim")
        dSAE = trainer.int("dict_size")
        k = trainer.int("k")
    }

    /// The site a submodule or folder name stands for: `mlp` → mlp, `attn` → att, `resid` → res.
    static func hookSite(named name: String) -> HookSite? {
        let lowered = name.lowercased()
        if lowered.contains("mlp") { return .mlp }
        if lowered.contains("attn") || lowered.contains("attention") { return .att }
        if lowered.contains("resid") { return .res }
        return nil
    }

    /// `resid_post_layer_3` / `mlp_out_layer_3` → a position.
    static func hookPoint(folderName name: String) -> HookPoint? {
        guard let hookSite = Self.hookSite(named: name), let range = name.range(of: "layer_"),
            let layer = Int(name[range.upperBound...].prefix { $0.isNumber })
        else { return nil }
        return HookPoint(layer: layer, hookSite: hookSite)
    }

    /// The position of the SAE in `folder`: config.json's layer and submodule (residual when the submodule
    /// says nothing), else a folder on the path named like `resid_post_layer_3`.
    static func position(folder: String, config: DictionaryLearningConfig?) -> HookPoint? {
        if let config, let layer = config.layer, layer >= 0 {
            return HookPoint(layer: layer, hookSite: config.submoduleName.flatMap(Self.hookSite(named:)) ?? .res)
        }
        return folder.split(separator: "/").reversed().lazy.compactMap { hookPoint(folderName: String($0)) }.first
    }
}
