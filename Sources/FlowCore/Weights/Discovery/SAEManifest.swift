import Foundation
import Yams

/// Reads a `featureflow.yaml` manifest that lists SAEs explicitly (docs/manifest.md).
enum SAEManifest {
    /// Loads every entry; all problems (with line and column) are thrown together.
    static func load(path: String, options: CatalogOptions) throws -> SAECatalog {
        guard let data = MappedFile.contents(atPath: path) else {
            throw WeightError(path: path, .unreadable("file not found or not readable"))
        }
        let text = String(decoding: data, as: UTF8.self)
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw Self.located(error, path: path)
        }
        let base = (path as NSString).deletingLastPathComponent
        func resolve(_ relative: String) -> String {
            relative.hasPrefix("/") || base.isEmpty ? relative : base + "/" + relative
        }
        func fail(_ node: Node?, _ why: String) -> WeightError {
            WeightError(path: path, .badConfig(why), line: node?.mark?.line, column: node?.mark?.column)
        }
        guard let root, let top = root.mapping else {
            throw fail(root, "the manifest must be a mapping with a 'saes' list")
        }
        guard let list = top["saes"]?.sequence else { throw fail(root, "'saes' must be a list of SAE entries") }
        let modelDirectory = top["model"]?.string.map(resolve)

        var problems: [any LocatedError] = []
        var saes: [SAE] = []
        var warnings: [String] = []
        var positions: [String: String] = [:]
        for entry in list {
            guard let map = entry.mapping else {
                problems.append(fail(entry, "each SAE entry must be a mapping"))
                continue
            }
            guard let relative = map["path"]?.string else {
                problems.append(fail(entry, "entry needs 'path'"))
                continue
            }
            guard let layerNode = map["layer"], let layer = layerNode.int, layer >= 0 else {
                problems.append(fail(map["layer"] ?? entry, "entry needs 'layer' (a non-negative integer)"))
                continue
            }
            guard let siteNode = map["site"], let site = siteNode.string.flatMap(Site.init(rawValue:)) else {
                problems.append(fail(map["site"] ?? entry, "entry needs 'site': res, mlp or att"))
                continue
            }
            // Only the SAEs the selected layers need are read (a broken file elsewhere does not matter).
            guard options.needs(layer: layer, site: site) else { continue }
            let hookName = map["hook"]?.string
            let hookZ = hookName.flatMap { HookPoint(hookName: $0) }?.needsProjection ?? false
            let hook = HookPoint(layer: layer, site: site, needsProjection: hookZ)
            let target = resolve(relative)
            var format: SAEFormat?
            if let formatNode = map["format"] {
                guard let value = formatNode.string.flatMap(SAEFormat.init(rawValue:)) else {
                    problems.append(
                        fail(
                            formatNode,
                            "unknown format; use one of \(SAEFormat.allCases.map(\.rawValue).joined(separator: ", "))"))
                    continue
                }
                format = value
            }
            do {
                guard let chosen = format ?? detectFormat(target) else {
                    throw fail(map["path"], "cannot tell the format of '\(relative)'; add 'format:'")
                }
                var sae: SAE
                switch chosen {
                case .saelens: sae = try SAELensReader.load(folder: target, hook: hook, warnings: &warnings)
                case .sparsify: sae = try SparsifyReader.load(folder: target, hook: hook)
                case .llamaScope: sae = try LlamaScopeReader.load(folder: target, hook: hook)
                case .gemmaScope:
                    let file = target.hasSuffix(".npz") ? target : target + "/params.npz"
                    let parsed = GemmaScopeLocation(path: file)
                    var location =
                        parsed
                        ?? GemmaScopeLocation(
                            modelSize: "", variant: "", site: site, layer: layer, widthLabel: "", averageL0: 0)
                    location.layer = layer
                    location.site = site
                    sae = try GemmaScopeReader.load(path: file, location: location)
                    if parsed == nil { sae.source.neuronpediaID = nil }
                }
                sae.layer = layer
                sae.site = site
                sae.needsProjection = chosen == .gemmaScope ? (site == .att && hookName == nil) || hookZ : hookZ
                sae.hookName = hookName ?? HookPoint.canonicalName(layer: layer, site: site, hookZ: sae.needsProjection)
                if let id = map["neuronpedia"]?.string { sae.source.neuronpediaID = id }
                let key = "\(layer)/\(site.rawValue)"
                if let other = positions[key] {
                    throw WeightError(
                        path: path, .duplicateSAE(layer: layer, site: site, other: other), line: entry.mark?.line,
                        column: entry.mark?.column)
                }
                positions[key] = sae.source.path
                saes.append(sae)
            } catch let error as any LocatedError {
                problems.append(error)
            }
        }
        if !problems.isEmpty { throw ProblemList(problems) }
        return SAECatalog(
            root: path, saes: saes, warnings: warnings, modelDirectory: modelDirectory, options: options)
    }

    /// The format a path's contents suggest, or nil.
    static func detectFormat(_ path: String) -> SAEFormat? {
        let fileManager = FileManager.default
        if path.hasSuffix(".npz") || fileManager.fileExists(atPath: path + "/params.npz") { return .gemmaScope }
        if fileManager.fileExists(atPath: path + "/" + SAELensReader.weightsFile) { return .saelens }
        if fileManager.fileExists(atPath: path + "/" + SparsifyReader.weightsFile) { return .sparsify }
        if fileManager.fileExists(atPath: path + "/hyperparams.json") { return .llamaScope }
        return nil
    }

    /// A YAML syntax error as a located error.
    static func located(_ error: YamlError, path: String) -> WeightError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return WeightError(path: path, .malformedHeader("YAML: \(problem)"), line: mark.line, column: mark.column)
        default:
            return WeightError(path: path, .malformedHeader("YAML: \(error)"))
        }
    }
}
