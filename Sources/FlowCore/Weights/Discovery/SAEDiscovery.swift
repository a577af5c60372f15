import Foundation

/// Walks a folder and loads every SAE a registered format recognises (`SAEFormats.all`).
struct SAEDiscovery {
    let root: String
    let options: CatalogOptions

    func run() throws -> SAECatalog {
        let files = walk()
        var context = DiscoveryContext(root: root, options: options)
        var claimed = Set<String>()
        for reader in SAEFormats.all {
            try reader.discover(files, claimed: &claimed, context: &context)
        }

        // One SAE per position, only the positions the selected layers need.
        var kept: [Position: SAE] = [:]
        var unique: [SAE] = []
        for sae in context.saes.sorted(by: { $0.source.path < $1.source.path })
        where options.needs(layer: sae.layer, hookSite: sae.hookSite) {
            let key = Position(layer: sae.layer, hookSite: sae.hookSite)
            if let first = kept[key] {
                context.problems.append(
                    WeightError(
                        path: sae.source.path,
                        .duplicateSAE(layer: sae.layer, hookSite: sae.hookSite, other: first.source.path)
                    ))
            } else {
                kept[key] = sae
                unique.append(sae)
            }
        }
        if !context.problems.isEmpty { throw ProblemList(context.problems) }
        guard !unique.isEmpty else {
            // What was skipped is the most useful part of this message: say it here, not only beside a result.
            let skipped = context.warnings.isEmpty ? "" : "; " + context.warnings.joined(separator: "; ")
            let range = options.layers.map { " for layers \($0.lowerBound)-\($0.upperBound)" } ?? ""
            throw WeightError(
                path: root,
                .unrecognised(
                    "no SAE found\(range) (looked for \(SAEFormats.displayNames) layouts; list SAEs in a featureflow.yaml otherwise)"
                        + skipped))
        }
        return SAECatalog(
            root: root, saes: unique, warnings: context.warnings, notes: context.notes, options: options)
    }

    /// Every file under `root`, in sorted path order (deterministic); hidden folders (.git, .cache) and the
    /// HF cache's content-addressed `blobs` are skipped.
    func walk() -> [WalkedFile] {
        var files: [String] = []
        if let enumerator = FileManager.default.enumerator(atPath: root) {
            while let relative = enumerator.nextObject() as? String {
                let name = (relative as NSString).lastPathComponent
                if name.hasPrefix(".") || name == "blobs" {
                    if isDirectory(root + "/" + relative) { enumerator.skipDescendants() }
                    continue
                }
                files.append(relative)
            }
        }
        return files.sorted().map { WalkedFile(root: root, relative: $0) }
    }

    private func isDirectory(_ path: String) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
    }
}
