import FlowCore

extension FuzzTargets {
    /// Folders with valid companion weights, made once: the input becomes their config file.
    static let configFolders: (saelens: String, llama: String, sparsify: String) = {
        typealias W = FixtureWriter
        let saelens = scratch + "/saelens"
        W.write(W.safetensors(W.saeTensors(dIn: 2, dSAE: 3, threshold: true)), to: saelens + "/sae_weights.safetensors")
        let llama = scratch + "/llama"
        W.write(
            W.safetensors([.f32("decoder.weight", [2, 3], [1, 2, 3, 4, 5, 6])]),
            to: llama + "/checkpoints/final.safetensors")
        let sparsify = scratch + "/sparsify/layers.3"
        W.write(W.safetensors([.f32("W_dec", [3, 2], [1, 2, 3, 4, 5, 6])]), to: sparsify + "/sae.safetensors")
        return (saelens, llama, sparsify)
    }()

    /// The input as a SAELens `cfg.json`, a Llama Scope `hyperparams.json` and a sparsify `cfg.json`.
    static func config(_ bytes: [UInt8]) {
        let folders = configFolders
        put(bytes, folders.saelens + "/cfg.json")
        var warnings: [String] = []
        if let sae = try? SAELensReader.load(folder: folders.saelens, warnings: &warnings) { read(sae) }
        put(bytes, folders.llama + "/hyperparams.json")
        if let sae = try? LlamaScopeReader.load(folder: folders.llama) { read(sae) }
        put(bytes, folders.sparsify + "/cfg.json")
        if let sae = try? SparsifyReader.load(folder: folders.sparsify) { read(sae) }
    }

    /// A folder with a SAELens SAE (`a`) and a Gemma Scope npz (`g`) for manifests to point at.
    static let manifestFolder: String = {
        typealias W = FixtureWriter
        let folder = scratch + "/manifest"
        W.saelensFolder(
            at: folder + "/a", config: W.v6Config(dIn: 2, dSAE: 3, hook: "blocks.0.hook_resid_post"),
            tensors: W.saeTensors(dIn: 2, dSAE: 3, threshold: true))
        W.write(W.gemmaScopeNpz(dIn: 2, dSAE: 4), to: folder + "/g/params.npz")
        return folder
    }()

    /// The input as a `featureflow.yaml` manifest.
    static func manifest(_ bytes: [UInt8]) {
        let folder = manifestFolder
        put(bytes, folder + "/featureflow.yaml")
        guard let catalog = try? SAECatalog.load(path: folder) else { return }
        for sae in catalog.saes { read(sae) }
    }

    /// The input as Neuronpedia JSONL (gzip when it starts with the magic) and as CSV labels.
    static func labels(_ bytes: [UInt8]) {
        put(bytes, scratch + "/labels.jsonl")
        put(bytes, scratch + "/labels.csv")
        _ = try? LabelSet.load(paths: [scratch + "/labels.jsonl"], limit: 1 << 24)
        _ = try? LabelSet.load(paths: [scratch + "/labels.csv"], limit: 1 << 24)
    }

    /// Every decoder row.
    static func read(_ sae: SAE) {
        _ = try? sae.decoder.rows(0..<sae.decoder.rows)
    }
}
