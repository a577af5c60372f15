import Foundation

extension SAEFormat {
    /// Gemma Scope (Gemma 2): `params.npz` trees (FORMATS.md §2).
    public static let gemmaScope = SAEFormat(declaring: "gemma-scope")
}

/// Gemma Scope `params.npz` files: position from the path (`gemma-scope-2b-pt-res/layer_L/width_W/average_l0_N`),
/// one Hugging Face snapshot, one width and one L0 variant per position (`GemmaScopeSelection`).
struct GemmaScopeFormat: SAEFormatReader {
    /// A `params.npz` and what its path says (nil: outside a Gemma Scope layout, skipped with a warning).
    typealias Candidate = (path: String, location: GemmaScopeLocation?)

    var format: SAEFormat { .gemmaScope }
    var displayName: String { "Gemma Scope" }

    func detect(path: String) -> Bool { path.hasSuffix(".npz") || fileExists(path + "/params.npz") }

    func candidate(_ file: WalkedFile, options: CatalogOptions) -> Candidate? {
        guard file.name == "params.npz" else { return nil }
        let loose = options.format == .gemmaScope
        let location =
            GemmaScopeLocation(path: file.absolutePath, loose: loose)
            ?? GemmaScopeLocation(path: file.path, loose: loose)
        return (file.path, location)
    }

    func choose(_ candidates: [Candidate], context: inout DiscoveryContext) throws -> [Candidate] {
        let options = context.options
        let (needed, unplaced) = try HuggingFaceSnapshots.needed(candidates, fileName: "params.npz", context: &context)
        let chosen = try GemmaScopeSelection(root: context.root, options: options).choose(
            needed, warnings: &context.warnings, notes: &context.notes)
        for path in unplaced {
            context.warnings.append(
                "skipped \(path): a params.npz outside a gemma-scope-…-res|mlp|att/layer_L/width_W/average_l0_N path"
                    + (options.format == .gemmaScope
                        ? " (with --format gemma-scope, a folder above layer_L must name the site: res, mlp or att)"
                        : " (a --local-dir download? pass --format gemma-scope)"))
        }
        return chosen.map { ($0.path, $0.location) }
    }

    func load(_ candidate: Candidate, warnings: inout [String]) throws -> SAE {
        guard let location = candidate.location else { return try GemmaScopeReader.load(path: candidate.path) }
        return try GemmaScopeReader.load(path: candidate.path, location: location)
    }

    func load(entry: ManifestEntry, warnings: inout [String]) throws -> SAE {
        let file = entry.path.hasSuffix(".npz") ? entry.path : entry.path + "/params.npz"
        let parsed = GemmaScopeLocation(path: file)
        var location =
            parsed
            ?? GemmaScopeLocation(
                modelSize: "", variant: "", hookSite: entry.hookSite, layer: entry.layer, widthLabel: "", averageL0: 0)
        location.layer = entry.layer
        location.hookSite = entry.hookSite
        var sae = try GemmaScopeReader.load(path: file, location: location)
        if parsed == nil { sae.source.neuronpediaID = nil }
        // Gemma Scope attention SAEs read hook_z unless the entry names another hook.
        sae.needsProjection = (entry.hookSite == .att && entry.hookName == nil) || entry.hook.needsProjection
        return sae
    }

    func loadFile(_ path: String, options: CatalogOptions) throws -> SAE? {
        guard path.hasSuffix(".npz") else { return nil }
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        if let location = GemmaScopeLocation(path: absolute, loose: options.format == .gemmaScope) {
            return try GemmaScopeReader.load(path: path, location: location)
        }
        return try GemmaScopeReader.load(path: path)
    }
}
