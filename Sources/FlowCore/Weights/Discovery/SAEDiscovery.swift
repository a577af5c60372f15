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
        var notes: [String] = []
        var problems: [any LocatedError] = []

        func attempt(folder: String? = nil, _ body: () throws -> SAE) {
            do {
                saes.append(try body())
            } catch {
                // A folder named after a hook outside the selected layers: its problems do not matter.
                if let folder, unneeded(folder) { return }
                switch error {
                case let error as WeightError:
                    if case .unrecognised = error.reason {
                        warnings.append("skipped \(error)")
                    } else {
                        problems.append(error)
                    }
                case let error as any LocatedError:
                    problems.append(error)
                default:
                    problems.append(WeightError(path: root, .unreadable("\(error)")))
                }
            }
        }
        for folder in candidates.saelens {
            attempt(folder: folder) { try SAELensReader.load(folder: folder, warnings: &warnings) }
        }
        for folder in candidates.sparsify { attempt(folder: folder) { try SparsifyReader.load(folder: folder) } }
        for folder in candidates.llamaScope { attempt(folder: folder) { try LlamaScopeReader.load(folder: folder) } }
        let snapshots = try chooseSnapshots(candidates.gemmaScope, warnings: &warnings, notes: &notes)
        let needed = snapshots.filter { options.needs(layer: $0.location.layer, site: $0.location.site) }
        for (path, location) in try chooseGemmaScope(needed, warnings: &warnings, notes: &notes) {
            attempt { try GemmaScopeReader.load(path: path, location: location) }
        }
        for path in candidates.unplacedNpz {
            warnings.append(
                "skipped \(path): a params.npz outside a gemma-scope-…-res|mlp|att/layer_L/width_W/average_l0_N path"
                    + (options.format == .gemmaScope
                        ? " (with --format gemma-scope, a folder above layer_L must name the site: res, mlp or att)"
                        : " (a --local-dir download? pass --format gemma-scope)"))
        }

        // One SAE per position, only the positions the selected layers need.
        var kept: [String: SAE] = [:]
        var unique: [SAE] = []
        for sae in saes.sorted(by: { $0.source.path < $1.source.path })
        where options.needs(layer: sae.layer, site: sae.site) {
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
            // What was skipped is the most useful part of this message: say it here, not only beside a result.
            let skipped = warnings.isEmpty ? "" : "; " + warnings.joined(separator: "; ")
            let range = options.layers.map { " for layers \($0.lowerBound)-\($0.upperBound)" } ?? ""
            throw WeightError(
                path: root,
                .unrecognised(
                    "no SAE found\(range) (looked for SAELens, Gemma Scope, Llama Scope and sparsify layouts; list SAEs in a featureflow.yaml otherwise)"
                        + skipped))
        }
        return SAECatalog(root: root, saes: unique, warnings: warnings, notes: notes, options: options)
    }

    /// Whether a folder named after a hook (`blocks.9.hook_resid_post`, the SAELens convention) holds an SAE
    /// the selected layers do not need.
    func unneeded(_ folder: String) -> Bool {
        guard options.layers != nil, let hook = HookPoint(hookName: (folder as NSString).lastPathComponent) else {
            return false
        }
        return !options.needs(layer: hook.layer, site: hook.site)
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
                let loose = options.format == .gemmaScope
                if let location = GemmaScopeLocation(path: absolute, loose: loose)
                    ?? GemmaScopeLocation(path: path, loose: loose)
                {
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

    typealias Found = (path: String, location: GemmaScopeLocation)

    /// Keeps, per Hugging Face cache repository (`models--…`), the files of one snapshot: `--revision`
    /// (a ref under `refs/` or a snapshot name or prefix), else the snapshot `refs/main` names, else the
    /// only snapshot. Several snapshots and no way to choose is an error: a site must not mix them.
    func chooseSnapshots(_ found: [Found], warnings: inout [String], notes: inout [String]) throws -> [Found] {
        let groups = Dictionary(grouping: found) { $0.location.cacheRepository ?? "" }
        var kept = groups[""] ?? []
        for repository in groups.keys.sorted() where !repository.isEmpty {
            let group = groups[repository]!
            let present = Set(group.compactMap(\.location.snapshot))
            let onDisk = Set(
                (try? FileManager.default.contentsOfDirectory(atPath: repository + "/snapshots"))?.filter {
                    !$0.hasPrefix(".")
                } ?? []
            ).union(present)
            let name = (repository as NSString).lastPathComponent
            let (snapshot, reason) = try snapshotName(repository: repository, snapshots: onDisk)
            let chosen = group.filter { $0.location.snapshot == snapshot }
            let others = present.subtracting([snapshot]).sorted()
            notes.append(
                "\(name): snapshot \(snapshot) (\(reason))"
                    + (others.isEmpty ? "" : "; other snapshot(s) ignored: " + others.joined(separator: ", ")))
            if chosen.isEmpty {
                warnings.append(
                    "\(name): snapshot \(snapshot) (\(reason)) holds no params.npz; nothing of this repository is used")
            }
            kept += chosen
        }
        return kept.sorted { $0.path < $1.path }
    }

    /// The snapshot of `repository` to use and why.
    func snapshotName(repository: String, snapshots: Set<String>) throws -> (String, String) {
        // A folder given inside a snapshot (`…/snapshots/<rev>` or below) names its revision itself.
        let given = URL(fileURLWithPath: root).standardizedFileURL.path
        if options.revision == nil, given.hasPrefix(repository + "/snapshots/") {
            let snapshot = given.dropFirst((repository + "/snapshots/").count).split(separator: "/").first.map(
                String.init)
            if let snapshot, snapshots.contains(snapshot) { return (snapshot, "the folder given") }
        }
        func read(_ ref: String) throws -> String {
            let path = repository + "/refs/" + ref
            guard let data = MappedFile.contents(atPath: path) else {
                throw WeightError(path: path, .unreadable("file not found or not readable"))
            }
            let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard snapshots.contains(text) else {
                throw WeightError(
                    path: path,
                    .unrecognised(
                        "refs/\(ref) names snapshot '\(text.prefix(80))', which is not in snapshots/ (found \(snapshots.sorted().joined(separator: ", ")))"
                    ))
            }
            return text
        }
        let fileManager = FileManager.default
        if let revision = options.revision {
            if !revision.contains("/") && !revision.isEmpty
                && fileManager.fileExists(atPath: repository + "/refs/" + revision)
            {
                return (try read(revision), "--revision \(revision) = refs/\(revision)")
            }
            let matching = snapshots.filter { $0.hasPrefix(revision) }.sorted()
            guard matching.count == 1, !revision.isEmpty else {
                throw WeightError(
                    path: repository,
                    .unrecognised(
                        "--revision \(revision) is "
                            + (matching.isEmpty ? "neither a ref under refs/ nor a snapshot" : "ambiguous")
                            + " (snapshots: \(snapshots.sorted().joined(separator: ", ")))"))
            }
            return (matching[0], "--revision \(revision)")
        }
        if fileManager.fileExists(atPath: repository + "/refs/main") { return (try read("main"), "refs/main") }
        guard snapshots.count == 1, let only = snapshots.first else {
            throw WeightError(
                path: repository,
                .unrecognised(
                    "\(snapshots.count) snapshots (\(snapshots.sorted().joined(separator: ", "))) and no refs/main; pass --revision to choose one"
                ))
        }
        return (only, "the only snapshot")
    }

    /// One params.npz per (layer, site): one width for the whole set (`--width`, else the smallest found),
    /// then the L0 variant (`CatalogOptions.L0Choice`). A layer without that width uses its smallest one,
    /// with a warning: the site then mixes widths.
    func chooseGemmaScope(_ found: [Found], warnings: inout [String], notes: inout [String]) throws -> [Found] {
        guard !found.isEmpty else { return [] }
        let allWidths = Set(found.map(\.location.widthLabel))
        func smallest(_ labels: Set<String>) -> String {
            labels.min { (widthValue($0), $0) < (widthValue($1), $1) }!
        }
        if let requested = options.gemmaScopeWidth, !allWidths.contains(requested) {
            throw WeightError(
                path: root,
                .unrecognised(
                    "--width \(requested): no width_\(requested) folder (found \(allWidths.sorted { widthValue($0) < widthValue($1) }.map { "width_" + $0 }.joined(separator: ", ")))"
                ))
        }
        let preferred = options.gemmaScopeWidth ?? smallest(allWidths)
        if allWidths.count > 1 {
            notes.append(
                "Gemma Scope widths \(allWidths.sorted { widthValue($0) < widthValue($1) }.joined(separator: ", ")) found; using \(preferred)"
                    + (options.gemmaScopeWidth == nil ? " (the smallest; --width picks another)" : " (--width)"))
        }
        let groups = Dictionary(grouping: found) { "\($0.location.layer)/\($0.location.site.rawValue)" }
        var chosen: [Found] = []
        for key in groups.keys.sorted() {
            let group = groups[key]!
            let widths = Set(group.map(\.location.widthLabel))
            let width = widths.contains(preferred) ? preferred : smallest(widths)
            if width != preferred {
                warnings.append(
                    "layer \(key): no width_\(preferred) SAE; using width_\(width) — the site mixes Gemma Scope widths")
            }
            // Several copies may hold the same variant: keep the first path of each L0.
            var variants: [Int: Found] = [:]
            for item in group.sorted(by: { $0.path < $1.path }) where item.location.widthLabel == width {
                if variants[item.location.averageL0] == nil { variants[item.location.averageL0] = item }
            }
            let sample = variants.values.first!.location
            let known = variants.keys.sorted()
            func nearest(_ target: Int) -> Int { known.min { (abs($0 - target), $0) < (abs($1 - target), $1) }! }
            let l0: Int
            switch options.gemmaScopeL0 {
            case .nearest(let value):
                l0 = nearest(value)
            case .canonical:
                let list = known.map(String.init).joined(separator: ", ")
                if let canonical = sample.canonicalL0 {
                    l0 = nearest(canonical)
                    if l0 != canonical {
                        warnings.append(
                            "layer \(key) width \(width): the canonical average_l0_\(canonical) is not present (found \(list)); "
                                + "using average_l0_\(l0), the nearest to it (--l0 N picks the variant nearest N)")
                    }
                } else {
                    l0 = known[0]
                    if known.count > 1 {
                        warnings.append(
                            "layer \(key) width \(width): no canonical L0 is known for \(sample.repositoryName) at this width "
                                + "(found \(list)); using average_l0_\(l0), the smallest (--l0 N picks the variant nearest N)"
                        )
                    }
                }
            }
            chosen.append(variants[l0]!)
        }
        return chosen
    }

    private func widthValue(_ label: String) -> Int {
        GemmaScopeLocation.width(label: label) ?? Int.max
    }
}
