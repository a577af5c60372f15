import Foundation

/// Every SAE found under a folder (or listed in a `featureflow.yaml` manifest), one per (layer, site).
public struct SAECatalog: Sendable {
    /// The folder or manifest the catalog was loaded from.
    public let root: String
    /// SAEs sorted by (layer, site).
    public let saes: [SAE]
    /// Notes that did not stop loading: missing positions, mixed widths, skipped folders, fallbacks taken.
    public let warnings: [String]
    /// Choices that are not problems (the Hugging Face snapshot used, the Gemma Scope width), for the user.
    public let notes: [String]
    /// Positions inside the layer range without an SAE (for sites present at some layer).
    public let missing: [MissingSAE]
    /// The model weights folder named by a manifest's `model:` key (for hook_z projection), if any.
    public let modelDirectory: String?

    /// A catalog over already loaded SAEs; computes `missing` and the coverage warnings (only for the
    /// positions `options` needs: with `--layers`, SAEs outside them are not looked for).
    public init(
        root: String, saes: [SAE], warnings: [String] = [], notes: [String] = [], modelDirectory: String? = nil,
        options: CatalogOptions = .init()
    ) {
        self.root = root
        self.notes = notes
        self.saes = saes.sorted { ($0.layer, $0.hookSite) < ($1.layer, $1.hookSite) }
        self.modelDirectory = modelDirectory
        let (missing, coverage) = Self.coverage(of: self.saes, needs: options.needs)
        self.missing = missing
        self.warnings = warnings + coverage
    }

    /// The layers that have at least one SAE, ascending.
    public var layers: [Int] { Array(Set(saes.map(\.layer))).sorted() }

    /// Layers whose attention SAE reads hook_z (per-head outputs): matching them needs the model's
    /// attention output weights (`--model DIR`).
    public var hookZLayers: [Int] { saes.filter(\.needsProjection).map(\.layer) }

    /// The warning for hook_z attention SAEs when no model folder is given (nil when there are none).
    public var hookZWarning: String? {
        let layers = hookZLayers
        guard !layers.isEmpty else { return nil }
        return "attention SAEs at \(layers.count) layer(s) read hook_z (per-head outputs): they are skipped unless "
            + "--model DIR (the model's config.json and safetensors) projects them into the residual stream"
    }

    /// The SAE at `layer` and `site`, or nil.
    public func sae(layer: Int, hookSite: HookSite) -> SAE? {
        saes.first { $0.layer == layer && $0.hookSite == hookSite }
    }

    /// Loads a folder (walked, every format recognised; a `featureflow.yaml` at its top is used instead),
    /// a manifest file, a single SAE folder or a single `params.npz`. Problems in several files are thrown
    /// together as one `ProblemList`.
    public static func load(path: String, options: CatalogOptions = .init()) throws -> SAECatalog {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw WeightError(path: path, .unreadable("no such file or folder"))
        }
        if !isDirectory.boolValue {
            if path.hasSuffix(".yaml") || path.hasSuffix(".yml") {
                return try SAEManifest.load(path: path, options: options)
            }
            for reader in SAEFormats.all {
                if let sae = try reader.loadFile(path, options: options) { return SAECatalog(root: path, saes: [sae]) }
            }
            throw WeightError(
                path: path,
                .unrecognised("not a folder, a manifest (.yaml) or an SAE file (params.npz, params.safetensors, ae.pt)")
            )
        }
        let manifest = path + "/featureflow.yaml"
        if fileManager.fileExists(atPath: manifest) { return try SAEManifest.load(path: manifest, options: options) }
        return try SAEDiscovery(root: path, options: options).run()
    }

    /// Widest layer range whose missing positions are listed one by one.
    public static let maximumListedSpan = 4096

    /// Missing positions and the warnings about coverage and widths.
    static func coverage(of saes: [SAE], needs: (Int, HookSite) -> Bool = { _, _ in true }) -> ([MissingSAE], [String])
    {
        guard let first = saes.first?.layer, let last = saes.last?.layer else { return ([], []) }
        var warnings: [String] = []
        var missing: [MissingSAE] = []
        let present = Set(saes.map { Position(layer: $0.layer, hookSite: $0.hookSite) })
        let hookSites = HookSite.allCases.filter { hookSite in saes.contains { $0.hookSite == hookSite } }
        for hookSite in HookSite.allCases where !hookSites.contains(hookSite) {
            warnings.append("no \(hookSite.longName) SAE at any layer")
        }
        if last - first >= maximumListedSpan {
            // A typo such as `layer: 1200000` must not enumerate a million positions.
            warnings.append(
                "layers \(first)…\(last) span more than \(maximumListedSpan) layers; missing positions are not listed")
        } else {
            for layer in first...last {
                for hookSite in hookSites
                where !present.contains(Position(layer: layer, hookSite: hookSite)) && needs(layer, hookSite) {
                    missing.append(MissingSAE(layer: layer, hookSite: hookSite))
                    warnings.append(MissingSAE(layer: layer, hookSite: hookSite).description)
                }
            }
        }
        // Matching compares vectors across layers: mixed residual widths cannot be compared.
        let residual = saes.filter { $0.hookSite == .res }
        let widths = Dictionary(grouping: residual, by: \.dIn)
        if widths.count > 1 {
            let parts = widths.keys.sorted().map { width in
                "d_in \(width) at layers \(widths[width]!.map { String($0.layer) }.joined(separator: ","))"
            }
            warnings.append("residual SAEs have different d_in: " + parts.joined(separator: "; "))
        }
        return (missing, warnings)
    }
}
