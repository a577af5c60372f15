import Foundation
import SQLiteSupport

/// Reads. Every list comes in a fixed order (documented per method), so output built from it is
/// deterministic.
extension FlowDatabase {
    static let matchColumns = "layer, feature, site, direction, rank, candidate, cosine"

    /// All matches of residual layer `layer`, ordered by feature, site, direction, rank (text order:
    /// `att` < `mlp` < `res`; `backward` < `forward`).
    public func matches(layer: Int) throws -> [MatchRow] {
        var rows: [MatchRow] = []
        try forEachMatch(layer: layer) { rows.append($0) }
        return rows
    }

    /// Calls `body` for every match (of `layer`, or of all layers when nil) in primary-key order:
    /// layer, feature, site, direction, rank. Streams; does not hold the table in memory.
    public func forEachMatch(layer: Int? = nil, _ body: (MatchRow) throws -> Void) throws {
        let statement = try sqlite.prepare(
            "SELECT \(Self.matchColumns) FROM match"
                + (layer == nil ? "" : " WHERE layer = ?") + " ORDER BY layer, feature, site, direction, rank")
        try statement.bind(layer.map { [$0] } ?? [])
        while try statement.step() { try body(try matchRow(statement)) }
    }

    /// The best (rank 1) match of one residual feature at (`site`, `direction`), or nil when none is stored.
    public func topMatch(layer: Int, feature: Int, hookSite: HookSite, direction: MatchDirection) throws -> MatchRow? {
        let statement = try sqlite.prepare(
            "SELECT \(Self.matchColumns) FROM match WHERE layer = ? AND feature = ? AND site = ? AND direction = ? "
                + "AND rank = 1")
        try statement.bind([layer, feature, hookSite.rawValue, direction.rawValue])
        return try statement.step() ? try matchRow(statement) : nil
    }

    /// The rank-1 matches of every residual feature of `layer` at (`site`, `direction`), by feature.
    public func topMatches(layer: Int, hookSite: HookSite, direction: MatchDirection) throws -> [MatchRow] {
        let statement = try sqlite.prepare(
            "SELECT \(Self.matchColumns) FROM match WHERE layer = ? AND site = ? AND direction = ? AND rank = 1 "
                + "ORDER BY feature")
        try statement.bind([layer, hookSite.rawValue, direction.rawValue])
        var rows: [MatchRow] = []
        while try statement.step() { rows.append(try matchRow(statement)) }
        return rows
    }

    /// Every SAE row, by layer then site (res, mlp, att).
    public func saes() throws -> [SAERecord] {
        // A file written before `decoder_norms` existed (opened read-only, so not migrated) reads NULL.
        let norms = try hasColumn("sae", "decoder_norms") ? "decoder_norms" : "NULL"
        let statement = try sqlite.prepare(
            """
            SELECT layer, site, path, format, hook_name, d_in, d_sae, dtype, architecture, sha256, neuronpedia_id,
                projected, thresholds, \(norms) FROM sae ORDER BY layer
            """)
        var records: [SAERecord] = []
        while try statement.step() {
            guard let hookSite = HookSite(rawValue: statement.text(1) ?? "") else {
                throw StoreError(path: path, reason: .corrupt("unknown site \(statement.text(1) ?? "NULL")"))
            }
            var thresholds: [Float]? = nil
            if case .blob(let bytes) = statement.value(12) { thresholds = Self.floats(littleEndian: bytes) }
            var decoderNorms: [Float]? = nil
            if case .blob(let bytes) = statement.value(13) { decoderNorms = Self.floats(littleEndian: bytes) }
            records.append(
                SAERecord(
                    layer: statement.int(0), hookSite: hookSite, path: statement.text(2) ?? "",
                    format: statement.text(3) ?? "",
                    hookName: statement.text(4) ?? "", dIn: statement.int(5), dSAE: statement.int(6),
                    dtype: statement.text(7) ?? "", architecture: statement.text(8) ?? "",
                    sha256: statement.text(9) ?? "", neuronpediaID: statement.text(10),
                    projected: statement.int(11) != 0, thresholds: thresholds, decoderNorms: decoderNorms))
        }
        return records.sorted { ($0.layer, $0.hookSite) < ($1.layer, $1.hookSite) }
    }

    /// The layers that have stored matches (per `layer_state`), ascending.
    public func layers() throws -> [Int] {
        try sqlite.rows("SELECT layer FROM layer_state ORDER BY layer").compactMap { $0.first?.int }
    }

    /// What produced each layer's matches, by layer.
    public func layerStates() throws -> [LayerState] {
        try sqlite.rows("SELECT layer, inputs, parameters, mode, seconds FROM layer_state ORDER BY layer").map {
            LayerState(
                layer: $0[0].int ?? 0, inputs: $0[1].string ?? "", parameters: $0[2].string ?? "",
                mode: $0[3].string ?? "", seconds: $0[4].double ?? 0)
        }
    }

    /// Every run, oldest first.
    public func runs() throws -> [RunRecord] {
        let audit = try hasRunAudit() ? "audit" : "NULL"
        return try sqlite.rows("SELECT id, tool_version, parameters, timings, warnings, \(audit) FROM run ORDER BY id")
            .map {
                row in
                let warningsJSON = row[4].string ?? "[]"
                let warnings = (try? JSONSerialization.jsonObject(with: Data(warningsJSON.utf8))) as? [String] ?? []
                return RunRecord(
                    id: row[0].int ?? 0, toolVersion: row[1].string ?? "", parameters: row[2].string ?? "",
                    timings: row[3].string ?? "", warnings: warnings,
                    audit: row[5].string.flatMap(MatchAudit.init(json:)))
            }
    }

    func matchRow(_ s: SQLiteStatement) throws -> MatchRow {
        guard let hookSite = HookSite(rawValue: s.text(2) ?? ""),
            let direction = MatchDirection(rawValue: s.text(3) ?? "")
        else { throw StoreError(path: path, reason: .corrupt("bad match row site/direction")) }
        return MatchRow(
            layer: s.int(0), feature: s.int(1), hookSite: hookSite, direction: direction, rank: s.int(4),
            candidate: s.int(5),
            cosine: s.double(6))
    }
}
