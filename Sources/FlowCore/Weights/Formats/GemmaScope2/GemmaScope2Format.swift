import Foundation

extension SAEFormat {
    /// Gemma Scope 2 (Gemma 3): `params.safetensors` trees (FORMATS.md §2.4).
    public static let gemmaScope2 = SAEFormat(declaring: "gemma-scope-2")
}

/// Gemma Scope 2 trees: position from the path (`resid_post/layer_L_width_W_l0_X/params.safetensors`), one
/// Hugging Face snapshot, one width (`--width`, else the smallest) and one L0 label per position (`medium`,
/// else `small`, else `big`; `resid_post` before `resid_post_all` when both hold the same SAE).
struct GemmaScope2Format: SAEFormatReader {
    /// A `params.safetensors` and what its path says (nil: outside a Gemma Scope 2 layout, skipped with a warning).
    typealias Candidate = (path: String, location: GemmaScope2Location?)

    var format: SAEFormat { .gemmaScope2 }
    var displayName: String { "Gemma Scope 2" }

    func detect(path: String) -> Bool {
        path.hasSuffix("/params.safetensors") || path == "params.safetensors"
            || fileExists(path + "/params.safetensors")
    }

    func candidate(_ file: WalkedFile, options: CatalogOptions) -> Candidate? {
        guard file.name == "params.safetensors" else { return nil }
        return (file.path, GemmaScope2Location(path: file.absolutePath) ?? GemmaScope2Location(path: file.path))
    }

    func choose(_ candidates: [Candidate], context: inout DiscoveryContext) throws -> [Candidate] {
        let options = context.options
        let (needed, unplaced) = try HuggingFaceSnapshots.needed(
            candidates, fileName: "params.safetensors", context: &context)
        for path in unplaced {
            context.warnings.append(
                "skipped \(path): a params.safetensors outside a resid_post|mlp_out|attn_out/layer_L_width_W_l0_X path")
        }
        guard !needed.isEmpty else { return [] }
        if case .nearest(let value) = options.gemmaScopeL0 {
            context.notes.append(
                "--l0 \(value) does not apply to Gemma Scope 2 (its L0 variants are labelled small, medium, big); "
                    + "using medium, else small, else big")
        }
        let widths = try GemmaScopeWidthChoice(
            labels: Set(needed.map(\.location.widthLabel)), requested: options.gemmaScopeWidth, root: context.root,
            notes: &context.notes)
        let groups = Dictionary(grouping: needed) { "\($0.location.layer)/\($0.location.hookSite.rawValue)" }
        return groups.keys.sorted().map { key -> Candidate in
            let group = groups[key]!
            let width = widths.width(
                among: Set(group.map(\.location.widthLabel)), key: key, warnings: &context.warnings)
            return group.filter { $0.location.widthLabel == width }.min {
                ($0.location.l0Rank, $0.location.l0Label, $0.path) < ($1.location.l0Rank, $1.location.l0Label, $1.path)
            }!
        }
    }

    func load(_ candidate: Candidate, warnings: inout [String]) throws -> SAE {
        guard let location = candidate.location else {
            throw WeightError(path: candidate.path, .unrecognised("not in a Gemma Scope 2 layout"))
        }
        return try GemmaScope2Reader.load(path: candidate.path, location: location)
    }

    func load(entry: ManifestEntry, warnings: inout [String]) throws -> SAE {
        let file = entry.path.hasSuffix(".safetensors") ? entry.path : entry.path + "/params.safetensors"
        var location =
            GemmaScope2Location(path: file) ?? GemmaScope2Location(hookSite: entry.hookSite, layer: entry.layer)
        location.layer = entry.layer
        location.hookSite = entry.hookSite
        var sae = try GemmaScope2Reader.load(path: file, location: location)
        sae.needsProjection = entry.hook.needsProjection
        return sae
    }

    func loadFile(_ path: String, options: CatalogOptions) throws -> SAE? {
        guard path.hasSuffix("params.safetensors") else { return nil }
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        guard let location = GemmaScope2Location(path: absolute) else {
            throw WeightError(
                path: path,
                .unrecognised(
                    "not a Gemma Scope 2 path (expected …/resid_post|mlp_out|attn_out/layer_L_width_W_l0_X/params.safetensors)"
                ))
        }
        return try GemmaScope2Reader.load(path: path, location: location)
    }
}
