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

    init(catalog: SAECatalog) {
        root = catalog.root
        saes = catalog.saes.map { sae in
            let bytes = sae.source.weightFiles.reduce(Int64(0)) { total, file in
                let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.int64Value
                return total + (size ?? 0)
            }
            var architecture = sae.architecture.name
            if case .topk(let k) = sae.architecture { architecture += " k=\(k)" }
            return Row(
                layer: sae.layer, site: sae.site.rawValue, format: sae.source.format.rawValue, hook: sae.hookName,
                dIn: sae.dIn, dSAE: sae.dSAE, dtype: sae.source.dtype, architecture: architecture, bytes: bytes,
                needsProjection: sae.needsProjection, neuronpediaID: sae.source.neuronpediaID, path: sae.source.path)
        }
        missing = catalog.missing.map { Gap(layer: $0.layer, site: $0.site.rawValue) }
        warnings = catalog.warnings
    }

    /// Pretty JSON with sorted keys and a trailing newline.
    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }

    /// An aligned text table, then the totals, the gaps and the warnings.
    func table() -> String {
        let header = ["layer", "site", "format", "d_in", "d_sae", "dtype", "arch", "size", "hook"]
        var rows = [header]
        for row in saes {
            rows.append([
                String(row.layer), row.site, row.format, String(row.dIn), String(row.dSAE), row.dtype, row.architecture,
                Self.size(row.bytes), row.hook + (row.needsProjection ? " (needs W_O)" : ""),
            ])
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
        text += "\n\(saes.count) SAEs over \(layers) layers, \(Self.size(total)) on disk (\(root))\n"
        text +=
            missing.isEmpty
            ? "Nothing missing.\n"
            : "Missing: " + missing.map { "\($0.layer)/\($0.site)" }.joined(separator: ", ") + "\n"
        for warning in warnings { text += "warning: \(warning)\n" }
        return text
    }

    /// Bytes in B/kB/MB/GB (decimal, one decimal place).
    static func size(_ bytes: Int64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f", value) + " " + units[unit]
    }
}
