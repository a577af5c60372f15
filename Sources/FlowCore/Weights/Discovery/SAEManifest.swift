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
        var positions: [Position: String] = [:]
        for node in list {
            do {
                guard let (entry, reader) = try parse(node, options: options, resolve: resolve, fail: fail) else {
                    continue
                }
                var sae = try reader.load(entry: entry, warnings: &warnings)
                sae.layer = entry.layer
                sae.hookSite = entry.hookSite
                sae.hookName =
                    entry.hookName
                    ?? HookPoint.canonicalName(layer: entry.layer, hookSite: entry.hookSite, hookZ: sae.needsProjection)
                if let id = node.mapping?["neuronpedia"]?.string { sae.source.neuronpediaID = id }
                let key = Position(layer: entry.layer, hookSite: entry.hookSite)
                if let other = positions[key] {
                    throw WeightError(
                        path: path, .duplicateSAE(layer: entry.layer, hookSite: entry.hookSite, other: other),
                        line: node.mark?.line, column: node.mark?.column)
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

    /// One entry's fields and the format that reads it (`format:`, else detected from the files); nil when the
    /// selected layers do not need the entry (a broken file elsewhere does not matter).
    static func parse(
        _ node: Node, options: CatalogOptions, resolve: (String) -> String, fail: (Node?, String) -> WeightError
    ) throws -> (ManifestEntry, any SAEFormatReader)? {
        guard let map = node.mapping else { throw fail(node, "each SAE entry must be a mapping") }
        guard let relative = map["path"]?.string else { throw fail(node, "entry needs 'path'") }
        guard let layerNode = map["layer"], let layer = layerNode.int, layer >= 0 else {
            throw fail(map["layer"] ?? node, "entry needs 'layer' (a non-negative integer)")
        }
        guard let siteNode = map["site"], let hookSite = siteNode.string.flatMap(HookSite.init(rawValue:)) else {
            throw fail(map["site"] ?? node, "entry needs 'site': res, mlp or att")
        }
        guard options.needs(layer: layer, hookSite: hookSite) else { return nil }
        let hookName = map["hook"]?.string
        let hookZ = hookName.flatMap { HookPoint(hookName: $0) }?.needsProjection ?? false
        let entry = ManifestEntry(
            path: resolve(relative), layer: layer, hookSite: hookSite, hookName: hookName,
            hook: HookPoint(layer: layer, hookSite: hookSite, needsProjection: hookZ))
        if let formatNode = map["format"] {
            guard let format = formatNode.string.flatMap(SAEFormat.init(rawValue:)),
                let reader = SAEFormats.reader(format)
            else {
                throw fail(
                    formatNode,
                    "unknown format; use one of \(SAEFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return (entry, reader)
        }
        guard let reader = SAEFormats.detect(entry.path) else {
            throw fail(map["path"], "cannot tell the format of '\(relative)'; add 'format:'")
        }
        return (entry, reader)
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
