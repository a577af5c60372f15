import Foundation

/// Walks a folder and loads every SAE it recognises (SAELens, Gemma Scope, Llama Scope, sparsify).
struct SAEDiscovery {
    let root: String
    let options: CatalogOptions

    /// Folders and files seen in the walk, by kind.
    struct Candidates {
        var saelens: [String] = []
        var sparsify: [String] = []
        var llamaScope: [String] = []
        var gemmaScope: [(path: String, location: GemmaScopeLocation)] = []
        var unplacedNpz: [String] = []
    }

    func run() throws -> SAECatalog {
        let candidates = walk()
        var saes: [SAE] = []
        var warnings: [String] = []
        var problems: [any LocatedError] = []

        func attempt(_ body: () throws -> SAE) {
            do {
                saes.append(try body())
            } catch let error as WeightError {
                if case .unrecognised = error.reason {
                    warnings.append("skipped \(error)")
                } else {
                    problems.append(error)
                }
            } catch let error as any LocatedError {
                problems.append(error)
            } catch {
                problems.append(WeightError(path: root, .unreadable("\(error)")))
            }
        }
        for folder in candidates.saelens { attempt { try SAELensReader.load(folder: folder, warnings: &warnings) } }
        for folder in candidates.sparsify { attempt { try SparsifyReader.load(folder: folder) } }
        for folder in candidates.llamaScope { attempt { try LlamaScopeReader.load(folder: folder) } }
        for path in chooseGemmaScope(candidates.gemmaScope, warnings: &warnings) {
            attempt { try GemmaScopeReader.load(path: path) }
        }
        for path in candidates.unplacedNpz {
            warnings.append(
                "skipped \(path): a params.npz outside a gemma-scope-…-res|mlp|att/layer_L/width_W/average_l0_N path")
        }

        // One SAE per position.
        var kept: [String: SAE] = [:]
        var unique: [SAE] = []
        for sae in saes.sorted(by: { $0.source.path < $1.source.path }) {
            let key = "\(sae.layer)/\(sae.site.rawValue)"
            if let first = kept[key] {
                problems.append(
                    WeightError(
                        path: sae.source.path, .duplicateSAE(layer: sae.layer, site: sae.site, other: first.source.path)
                    ))
            } else {
                kept[key] = sae
                unique.append(sae)
            }
        }
        if !problems.isEmpty { throw ProblemList(problems) }
        guard !unique.isEmpty else {
            throw WeightError(
                path: root,
                .unrecognised(
                    "no SAE found (looked for SAELens, Gemma Scope, Llama Scope and sparsify layouts; list SAEs in a featureflow.yaml otherwise)"
                ))
        }
        return SAECatalog(root: root, saes: unique, warnings: warnings)
    }

    /// Every candidate under `root`, in sorted path order (deterministic).
    func walk() -> Candidates {
        var candidates = Candidates()
        let fileManager = FileManager.default
        var files: [String] = []
        if let enumerator = fileManager.enumerator(atPath: root) {
            while let relative = enumerator.nextObject() as? String {
                let name = (relative as NSString).lastPathComponent
                // Skip hidden folders (.git, .cache) and the HF cache's content-addressed blobs.
                if name.hasPrefix(".") || name == "blobs" {
                    if isDirectory(root + "/" + relative) { enumerator.skipDescendants() }
                    continue
                }
                files.append(relative)
            }
        }
        for relative in files.sorted() {
            let name = (relative as NSString).lastPathComponent
            let parent = (relative as NSString).deletingLastPathComponent
            let folder = parent.isEmpty ? root : root + "/" + parent
            switch name {
            case "cfg.json":
                if fileManager.fileExists(atPath: folder + "/" + SAELensReader.weightsFile) {
                    candidates.saelens.append(folder)
                } else if fileManager.fileExists(atPath: folder + "/" + SparsifyReader.weightsFile) {
                    candidates.sparsify.append(folder)
                }
            case "hyperparams.json":
                candidates.llamaScope.append(folder)
            case "params.npz":
                let path = root + "/" + relative
                // The location may come from folders above the root, so parse the absolute path.
                let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
                if let location = GemmaScopeLocation(path: absolute) ?? GemmaScopeLocation(path: path) {
                    candidates.gemmaScope.append((path, location))
                } else {
                    candidates.unplacedNpz.append(path)
                }
            default:
                break
            }
        }
        return candidates
    }

    private func isDirectory(_ path: String) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
    }

    /// One params.npz per (layer, site): the chosen width, then the chosen L0 variant.
    func chooseGemmaScope(_ found: [(path: String, location: GemmaScopeLocation)], warnings: inout [String]) -> [String]
    {
        let groups = Dictionary(grouping: found) { "\($0.location.layer)/\($0.location.site.rawValue)" }
        var chosen: [String] = []
        for key in groups.keys.sorted() {
            let group = groups[key]!
            let widths = Set(group.map(\.location.widthLabel))
            let width =
                options.gemmaScopeWidth.flatMap { widths.contains($0) ? $0 : nil }
                ?? widths.min { (widthValue($0), $0) < (widthValue($1), $1) }!
            if widths.count > 1 {
                warnings.append(
                    "layer \(key): Gemma Scope widths \(widths.sorted().joined(separator: ", ")) found; using \(width)")
            }
            // Several HF snapshots may hold the same variant: keep the first path of each L0.
            var variants: [Int: String] = [:]
            for item in group.sorted(by: { $0.path < $1.path }) where item.location.widthLabel == width {
                if variants[item.location.averageL0] == nil { variants[item.location.averageL0] = item.path }
            }
            let sample = group.first { $0.location.widthLabel == width }!.location
            let target: Int
            switch options.gemmaScopeL0 {
            case .canonical: target = sample.canonicalL0 ?? 0
            case .nearest(let value): target = value
            }
            let l0 = variants.keys.min { (abs($0 - target), $0) < (abs($1 - target), $1) }!
            // The canonical pick is the expected case; only a fallback is worth a note.
            if options.gemmaScopeL0 == .canonical && sample.canonicalL0 != l0 {
                let known = variants.keys.sorted().map(String.init).joined(separator: ", ")
                warnings.append(
                    "layer \(key): canonical Gemma Scope L0 not present (found \(known)); using average_l0_\(l0)")
            }
            chosen.append(variants[l0]!)
        }
        return chosen
    }

    private func widthValue(_ label: String) -> Int {
        GemmaScopeLocation(modelSize: "", variant: "", site: .res, layer: 0, widthLabel: label, averageL0: 0).width
            ?? Int.max
    }
}
