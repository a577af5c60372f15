import FlowCore
import Foundation

extension FlowDatabase {
    /// The CSV header of `exportMatchesCSV`.
    public static let matchesCSVHeader = "layer,feature,site,direction,rank,candidate,cosine"

    /// Writes every `match` row as CSV, in primary-key order (layer, feature, site, direction, rank),
    /// cosine with exactly 6 decimals; `write` receives chunks of whole lines (header first).
    public func exportMatchesCSV(_ write: (String) throws -> Void) throws {
        var chunk = Self.matchesCSVHeader + "\n"
        try forEachMatch { row in
            chunk += Self.csvLine(row)
            chunk += "\n"
            if chunk.utf8.count >= 1 << 20 {
                try write(chunk)
                chunk = ""
            }
        }
        if !chunk.isEmpty { try write(chunk) }
    }

    /// One CSV line (no newline) of a match row.
    public static func csvLine(_ row: MatchRow) -> String {
        let cosine = String(format: "%.6f", row.cosine)
        return "\(row.layer),\(row.feature),\(row.hookSite.rawValue),\(row.direction.rawValue),\(row.rank),"
            + "\(row.candidate),\(cosine == "-0.000000" ? "0.000000" : cosine)"
    }
}
