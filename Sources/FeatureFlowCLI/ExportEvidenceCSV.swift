import FlowCore
import Foundation

/// The evidence tables as CSV (docs/evidence.md): rows of the newest complete evidence run.
enum ExportEvidenceCSV {
    /// `layer,predecessors,group,events,proportion`: per layer and predecessor count, the eight groups in
    /// the paper's order; proportion = events / all events of that layer and count (6 decimals).
    static func groups(_ database: FlowDatabase) throws -> String {
        var text = "layer,predecessors,group,events,proportion\n"
        guard let run = try database.latestEvidenceRun() else { return text }
        let rows = try database.groupCounts(run: run.id)
        var totals: [String: Int] = [:]
        for row in rows { totals["\(row.layer)/\(row.predecessors)", default: 0] += row.events }
        for row in rows {
            let total = totals["\(row.layer)/\(row.predecessors)"] ?? 0
            let proportion = total > 0 ? Double(row.events) / Double(total) : 0
            text +=
                "\(row.layer),\(row.predecessors),\(row.group.rawValue),\(row.events),"
                + String(format: "%.6f", proportion) + "\n"
        }
        return text
    }

    /// `layer,feature,site,predecessor,target_active,both_active,random_feature,random_both_active`.
    static func coactivation(_ database: FlowDatabase) throws -> String {
        var text = "layer,feature,site,predecessor,target_active,both_active,random_feature,random_both_active\n"
        guard let run = try database.latestEvidenceRun() else { return text }
        for row in try database.coactivations(run: run.id) {
            text +=
                "\(row.layer),\(row.feature),\(row.hookSite.rawValue),\(row.predecessor),\(row.targetActive),"
                + "\(row.bothActive),\(row.randomFeature),\(row.randomBothActive)\n"
        }
        return text
    }
}
