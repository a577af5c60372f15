import CanonicalOutput
import FlowCore
import Foundation

/// The rows `inspect` prints, as a table or JSON (sorted keys, deterministic).
struct InspectReport: Codable {
    /// One SAE.
    struct Row: Codable {
        var layer: Int
        var site: String
        var format: String
        var hook: String
        var dIn: Int
        var dSAE: Int
        var dtype: String
        var architecture: String
        var bytes: Int64
        var needsProjection: Bool
        var neuronpediaID: String?
        var path: String
        /// Gemma Scope: the width label and `average_l0_N` chosen (from the path).
        var widthLabel: String?
        var averageL0: Int?
    }

    /// One missing position.
    struct Gap: Codable {
        var layer: Int
        var site: String
    }

    var root: String
    var saes: [Row]
    var missing: [Gap]
    var warnings: [String]
    var notes: [String]

    init(catalog: SAECatalog) {
        root = catalog.root
        saes = catalog.saes.map { sae in
            // The size of what a link points to (a Hugging Face cache snapshot holds links into blobs/).
            let bytes = sae.source.weightFiles.reduce(Int64(0)) { total, file in
                let target = URL(fileURLWithPath: file).resolvingSymlinksInPath().path
                let size = (try? FileManager.default.attributesOfItem(atPath: target)[.size] as? NSNumber)?.int64Value
                return total + (size ?? 0)
            }
            let location =
                sae.source.format == .gemmaScope
                ? GemmaScopeLocation(path: URL(fileURLWithPath: sae.source.path).standardizedFileURL.path, loose: true)
                : nil
            var architecture = sae.architecture.name
            if case .topk(let k) = sae.architecture { architecture += " k=\(k)" }
            return Row(
                layer: sae.layer, site: sae.hookSite.rawValue, format: sae.source.format.rawValue, hook: sae.hookName,
                dIn: sae.dIn, dSAE: sae.dSAE, dtype: sae.source.dtype, architecture: architecture, bytes: bytes,
                needsProjection: sae.needsProjection, neuronpediaID: sae.source.neuronpediaID, path: sae.source.path,
                widthLabel: location?.widthLabel, averageL0: location?.averageL0)
        }
        missing = catalog.missing.map { Gap(layer: $0.layer, site: $0.hookSite.rawValue) }
        warnings = catalog.warnings + [catalog.hookZWarning].compactMap { $0 }
        notes = catalog.notes
    }

    /// Pretty JSON with sorted keys and a trailing newline.
    func json() throws -> String {
        CanonicalJSON.string(self, pretty: true) + "\n"
    }

    /// An aligned text table, then the totals, the gaps and the warnings.
    func table() -> String {
        // Gemma Scope rows say which width and L0 variant was chosen (a column only when there are such rows).
        let variants = saes.contains { $0.widthLabel != nil }
        let header =
            ["layer", "site", "format", "d_in", "d_sae", "dtype", "arch", "size"] + (variants ? ["variant"] : [])
            + ["hook"]
        var rows = [header]
        for row in saes {
            var cells = [
                String(row.layer), row.site, row.format, String(row.dIn), String(row.dSAE), row.dtype, row.architecture,
                ByteSize.string(row.bytes),
            ]
            if variants {
                cells.append(row.widthLabel.map { "width_\($0) l0 \(row.averageL0 ?? 0)" } ?? "-")
            }
            cells.append(row.hook + (row.needsProjection ? " (needs --model)" : ""))
            rows.append(cells)
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        var text = ""
        for row in rows {
            let cells = row.indices.map { column in
                let cell = row[column]
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                // Numbers right-aligned, text left-aligned.
                return [0, 3, 4, 7].contains(column) ? pad + cell : cell + pad
            }
            var line = cells.joined(separator: "  ")
            while line.hasSuffix(" ") { line.removeLast() }
            text += line + "\n"
        }
        let layers = Set(saes.map(\.layer)).count
        let total = saes.reduce(Int64(0)) { $0 + $1.bytes }
        text += "\n\(saes.count) SAEs over \(layers) layers, \(ByteSize.string(total)) on disk (\(root))\n"
        text +=
            missing.isEmpty
            ? "Nothing missing.\n"
            : "Missing: " + missing.map { "\($0.layer)/\($0.site)" }.joined(separator: ", ") + "\n"
        for note in notes { text += "note: \(note)\n" }
        for warning in warnings { text += "warning: \(warning)\n" }
        return text
    }
}
