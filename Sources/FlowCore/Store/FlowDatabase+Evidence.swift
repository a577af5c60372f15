import CanonicalOutput
import Foundation
import SQLiteSupport

/// Evidence rows (EvidenceSchema). A run is written as: `beginEvidenceRun` (incomplete), the row
/// writers, `completeEvidenceRun`; pages read `latestEvidenceRun()`, the newest complete measured one, so an
/// interrupted pass leaves the previous evidence in view. Databases without the tables read as empty.
extension FlowDatabase {
    /// True when the file has the evidence tables (older read-only files may not).
    public func hasEvidenceTables() throws -> Bool {
        try !sqlite.rows("SELECT 1 FROM sqlite_master WHERE type='table' AND name='evidence_run'").isEmpty
    }

    /// The newest complete run with `key`, for reuse; nil when there is none.
    public func evidenceRun(key: String) throws -> EvidenceRun? {
        guard try hasEvidenceTables() else { return nil }
        return try evidenceRuns(where: "complete = 1 AND key = ?", key).last
    }

    /// The run pages show: the newest complete run that measured a text (source `model` or `acts`), else the
    /// newest complete one (a Neuronpedia import); nil when there is none. A Neuronpedia import never hides a
    /// measured run's statistics (docs/evidence.md, "Neuronpedia contexts").
    public func latestEvidenceRun() throws -> EvidenceRun? {
        guard try hasEvidenceTables() else { return nil }
        return try evidenceRuns(where: "complete = 1 AND source != 'neuronpedia'").last
            ?? evidenceRuns(where: "complete = 1").last
    }

    /// The newest complete run of `source` (`model`, `acts`, `neuronpedia`); nil when there is none.
    public func latestEvidenceRun(source: String) throws -> EvidenceRun? {
        guard try hasEvidenceTables() else { return nil }
        return try evidenceRuns(where: "complete = 1 AND source = ?", source).last
    }

    /// Stores `run` as incomplete (removing earlier incomplete runs and their rows) and returns its id.
    @discardableResult
    public func beginEvidenceRun(_ run: EvidenceRun) throws -> Int {
        try sqlite.transaction {
            for stale in try sqlite.rows("SELECT id FROM evidence_run WHERE complete = 0") {
                if let id = stale.first?.int { try deleteEvidenceRows(run: id) }
            }
            try sqlite.run("DELETE FROM evidence_run WHERE complete = 0")
            try sqlite.run(
                "INSERT INTO evidence_run(key, source, model, texts, sequences, tokens, context, seed, parameters) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                run.key, run.source, run.model, StoredJSON.strings(run.texts), run.sequences, run.tokens, run.context,
                run.seed, run.parameters)
            return Int(sqlite.lastInsertRowID)
        }
    }

    /// Marks run `id` complete with its final token and sequence counts; older complete runs with the
    /// same key are removed (the new one supersedes them).
    public func completeEvidenceRun(id: Int, sequences: Int, tokens: Int) throws {
        try sqlite.transaction {
            let key = try sqlite.rows("SELECT key FROM evidence_run WHERE id = ?", id).first?.first?.string ?? ""
            for old in try sqlite.rows("SELECT id FROM evidence_run WHERE key = ? AND id != ?", key, id) {
                if let oldID = old.first?.int { try deleteEvidenceRows(run: oldID) }
            }
            try sqlite.run("DELETE FROM evidence_run WHERE key = ? AND id != ?", key, id)
            try sqlite.run(
                "UPDATE evidence_run SET complete = 1, sequences = ?, tokens = ? WHERE id = ?", sequences, tokens, id)
        }
    }

    /// Writes per-SAE quality rows of run `run`.
    public func write(_ rows: [SAEEvidence], run: Int) throws {
        try insertAll("INSERT OR REPLACE INTO sae_quality VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows) {
            [run, $0.layer, $0.hookSite.rawValue, $0.tokens, $0.fve, $0.l0, $0.deadFraction, $0.denseFraction]
        }
    }

    /// Writes per-feature activity rows of run `run`.
    public func write(_ rows: [FeatureActivity], run: Int) throws {
        try insertAll("INSERT OR REPLACE INTO feature_stats VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows) {
            [run, $0.layer, $0.hookSite.rawValue, $0.feature, $0.active, $0.mean, $0.max, Self.encode($0.histogram)]
        }
    }

    /// Writes top-context rows of run `run` with their tokens as text (a JSON list of strings; the pass
    /// writes the compact `ContextWindow` form instead).
    public func write(_ rows: [FeatureContext], run: Int) throws {
        try insertAll("INSERT OR REPLACE INTO feature_context VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows) {
            [
                run, $0.layer, $0.hookSite.rawValue, $0.feature, $0.rank, $0.activation, $0.sequence, $0.position,
                CanonicalJSON.list($0.tokens), $0.focus,
            ]
        }
    }

    /// Writes top-context rows of run `run` in the compact form: the window's token ids as a blob of
    /// little-endian int32 (decoded through `evidence_vocab` when read).
    public func write(_ rows: [ContextWindow], run: Int) throws {
        try insertAll("INSERT OR REPLACE INTO feature_context VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows) {
            [
                run, $0.layer, $0.hookSite.rawValue, $0.feature, $0.rank, $0.activation, $0.sequence, $0.position,
                SQLiteValue.blob($0.blob), $0.focus,
            ]
        }
    }

    /// Writes the decoded text of token ids used by run `run`'s context windows.
    public func writeVocabulary(_ entries: [Int: String], run: Int) throws {
        try insertAll("INSERT OR REPLACE INTO evidence_vocab VALUES (?, ?, ?)", entries.sorted { $0.key < $1.key }) {
            [run, $0.key, $0.value]
        }
    }

    /// The vocabulary of run `run` (token id → decoded text), all of it or only `ids`.
    public func vocabulary(run: Int, ids: Set<Int>? = nil) throws -> [Int: String] {
        var sql = "SELECT id, text FROM evidence_vocab WHERE run = ?"
        if let ids {
            guard !ids.isEmpty else { return [:] }
            sql += " AND id IN (" + ids.sorted().map(String.init).joined(separator: ",") + ")"
        }
        var entries: [Int: String] = [:]
        for row in try sqlite.rows(sql, run) { entries[row[0].int ?? 0] = row[1].string ?? "" }
        return entries
    }

    /// Writes activation-group counts of run `run`.
    public func write(_ rows: [GroupCount], run: Int) throws {
        try insertAll("INSERT OR REPLACE INTO activation_group VALUES (?, ?, ?, ?, ?)", rows) {
            [run, $0.layer, $0.predecessors, $0.group.rawValue, $0.events]
        }
    }

    /// Writes co-activation counts of run `run`.
    public func write(_ rows: [Coactivation], run: Int) throws {
        try insertAll("INSERT OR REPLACE INTO coactivation VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows) {
            [
                run, $0.layer, $0.feature, $0.hookSite.rawValue, $0.predecessor, $0.targetActive, $0.bothActive,
                $0.randomFeature, $0.randomBothActive,
            ]
        }
    }

    /// Writes deactivation results of run `run`.
    public func write(_ rows: [Deactivation], run: Int) throws {
        try insertAll("INSERT OR REPLACE INTO deactivation VALUES (?, ?, ?, ?, ?, ?, ?)", rows) {
            [run, $0.layer, $0.mode, $0.r, $0.samples, $0.successes, $0.meanChange]
        }
    }

    /// Per-SAE quality of run `run`, by layer then site.
    public func saeEvidence(run: Int) throws -> [SAEEvidence] {
        try sqlite.rows(
            "SELECT layer, site, tokens, fve, l0, dead_fraction, dense_fraction FROM sae_quality WHERE run = ? "
                + "ORDER BY layer, site", run
        ).map { row in
            SAEEvidence(
                layer: row[0].int ?? 0, hookSite: try hookSite(row[1]), tokens: row[2].int ?? 0,
                fve: row[3].double ?? 0,
                l0: row[4].double ?? 0, deadFraction: row[5].double ?? 0, denseFraction: row[6].double ?? 0)
        }
    }

    /// Activity of one feature in run `run`; nil when it was not recorded.
    public func featureActivity(run: Int, layer: Int, hookSite: HookSite, feature: Int) throws -> FeatureActivity? {
        try featureActivities(run: run, layer: layer, hookSite: hookSite, features: [feature])[feature]
    }

    /// Activity of `features` of one SAE in run `run`, by feature (those not recorded are left out), in one query.
    public func featureActivities(run: Int, layer: Int, hookSite: HookSite, features: [Int]) throws -> [Int:
        FeatureActivity]
    {
        guard !features.isEmpty else { return [:] }
        var activities: [Int: FeatureActivity] = [:]
        for row in try sqlite.rows(
            "SELECT feature, active, mean, max, histogram FROM feature_stats WHERE run = ? AND layer = ? AND site = ? "
                + "AND feature IN (\(Self.list(features)))", run, layer, hookSite.rawValue)
        {
            let feature = row[0].int ?? 0
            activities[feature] = FeatureActivity(
                layer: layer, hookSite: hookSite, feature: feature, active: row[1].int ?? 0, mean: row[2].double ?? 0,
                max: row[3].double ?? 0, histogram: try decode(ActivationHistogram.self, row[4]))
        }
        return activities
    }

    /// Top contexts of one feature in run `run`, by rank, their tokens decoded (see `featureContexts(run:layer:
    /// hookSite:features:)`).
    public func featureContexts(run: Int, layer: Int, hookSite: HookSite, feature: Int) throws -> [FeatureContext] {
        try featureContexts(run: run, layer: layer, hookSite: hookSite, features: [feature])[feature] ?? []
    }

    /// Top contexts of `features` of one SAE in run `run`, by feature (those without contexts are left out), each by
    /// rank, their tokens decoded: windows stored as id blobs are decoded through the run's `evidence_vocab` (an id
    /// without an entry reads `#id`); older runs stored a JSON list of strings, read as it is. One query for the rows
    /// and one for the vocabulary they use, whatever the number of features.
    public func featureContexts(run: Int, layer: Int, hookSite: HookSite, features: [Int]) throws -> [Int:
        [FeatureContext]]
    {
        guard !features.isEmpty else { return [:] }
        let rows = try sqlite.rows(
            "SELECT feature, rank, activation, sequence, position, tokens, focus FROM feature_context WHERE run = ? "
                + "AND layer = ? AND site = ? AND feature IN (\(Self.list(features))) ORDER BY feature, rank", run,
            layer, hookSite.rawValue)
        var windows: [[Int32]?] = []
        var needed = Set<Int>()
        for row in rows {
            if case .blob(let bytes) = row[5] {
                guard let ids = ContextWindow.ids(blob: bytes) else {
                    throw StoreError(path: path, reason: .corrupt("a context window blob of \(bytes.count) bytes"))
                }
                windows.append(ids)
                for id in ids { needed.insert(Int(id)) }
            } else {
                windows.append(nil)
            }
        }
        let vocabulary = try vocabulary(run: run, ids: needed)
        var contexts: [Int: [FeatureContext]] = [:]
        for (row, ids) in zip(rows, windows) {
            let tokens: [String]
            if let ids {
                tokens = ids.map { vocabulary[Int($0)] ?? "#\($0)" }
            } else {
                tokens = try decode([String].self, row[5])
            }
            let feature = row[0].int ?? 0
            contexts[feature, default: []].append(
                FeatureContext(
                    layer: layer, hookSite: hookSite, feature: feature, rank: row[1].int ?? 0,
                    activation: row[2].double ?? 0, sequence: row[3].int ?? 0, position: row[4].int ?? 0,
                    tokens: tokens, focus: row[6].int ?? 0))
        }
        return contexts
    }

    /// Activation-group counts of run `run`, by layer, predecessors, then the groups' declared order.
    public func groupCounts(run: Int) throws -> [GroupCount] {
        let order = Dictionary(uniqueKeysWithValues: ActivationGroup.allCases.enumerated().map { ($1, $0) })
        return try sqlite.rows(
            "SELECT layer, predecessors, grp, events FROM activation_group WHERE run = ? ORDER BY layer, predecessors",
            run
        ).map { row in
            guard let group = row[2].string.flatMap(ActivationGroup.init(rawValue:)) else {
                throw StoreError(path: path, reason: .corrupt("unknown activation group \(row[2])"))
            }
            return GroupCount(
                layer: row[0].int ?? 0, predecessors: row[1].int ?? 0, group: group, events: row[3].int ?? 0)
        }.sorted { ($0.layer, $0.predecessors, order[$0.group]!) < ($1.layer, $1.predecessors, order[$1.group]!) }
    }

    /// Co-activation rows of run `run` (of one target when `layer` and `feature` are given), by
    /// layer, feature, site.
    public func coactivations(run: Int, layer: Int? = nil, feature: Int? = nil) throws -> [Coactivation] {
        var sql =
            "SELECT layer, feature, site, predecessor, target_active, both_active, random_feature, random_both_active "
            + "FROM coactivation WHERE run = ?"
        var values: [SQLiteBindable] = [run]
        if let layer { sql += " AND layer = ?"; values.append(layer) }
        if let feature { sql += " AND feature = ?"; values.append(feature) }
        let statement = try sqlite.prepare(sql + " ORDER BY layer, feature, site")
        try statement.bind(values)
        var rows: [Coactivation] = []
        while try statement.step() {
            let row = statement.row()
            rows.append(
                Coactivation(
                    layer: row[0].int ?? 0, feature: row[1].int ?? 0, hookSite: try hookSite(row[2]),
                    predecessor: row[3].int ?? 0, targetActive: row[4].int ?? 0, bothActive: row[5].int ?? 0,
                    randomFeature: row[6].int ?? 0, randomBothActive: row[7].int ?? 0))
        }
        return rows
    }

    /// Deactivation results of run `run`, by layer, mode, r.
    public func deactivations(run: Int) throws -> [Deactivation] {
        try sqlite.rows(
            "SELECT layer, mode, r, samples, successes, mean_change FROM deactivation WHERE run = ? "
                + "ORDER BY layer, mode, r", run
        ).map { row in
            Deactivation(
                layer: row[0].int ?? 0, mode: row[1].string ?? "", r: row[2].double ?? 0, samples: row[3].int ?? 0,
                successes: row[4].int ?? 0, meanChange: row[5].double ?? 0)
        }
    }

    private func evidenceRuns(where condition: String, _ values: SQLiteBindable...) throws -> [EvidenceRun] {
        let statement = try sqlite.prepare(
            "SELECT id, key, source, model, texts, sequences, tokens, context, seed, parameters FROM evidence_run "
                + "WHERE \(condition) ORDER BY id")
        try statement.bind(values)
        var runs: [EvidenceRun] = []
        while try statement.step() {
            let row = statement.row()
            runs.append(
                EvidenceRun(
                    id: row[0].int ?? 0, key: row[1].string ?? "", source: row[2].string ?? "", model: row[3].string,
                    texts: try decode([String].self, row[4]), sequences: row[5].int ?? 0, tokens: row[6].int ?? 0,
                    context: row[7].int ?? 0, seed: row[8].int ?? 0, parameters: row[9].string ?? "{}"))
        }
        return runs
    }

    private func deleteEvidenceRows(run: Int) throws {
        for table in [
            "sae_quality", "feature_stats", "feature_context", "activation_group", "coactivation", "deactivation",
            "evidence_vocab",
        ] {
            try sqlite.run("DELETE FROM \(table) WHERE run = ?", run)
        }
    }

    private func insertAll<Row>(_ sql: String, _ rows: [Row], _ values: (Row) -> [SQLiteBindable]) throws {
        try sqlite.transaction {
            let statement = try sqlite.prepare(sql)
            for row in rows {
                try statement.bind(values(row))
                while try statement.step() {}
            }
        }
    }

    private func hookSite(_ value: SQLiteValue) throws -> HookSite {
        guard let hookSite = value.string.flatMap(HookSite.init(rawValue:)) else {
            throw StoreError(path: path, reason: .corrupt("unknown site \(value) in an evidence table"))
        }
        return hookSite
    }

    /// Integers as an SQL list (`3,5,8`), for `IN (…)`.
    private static func list(_ values: [Int]) -> String {
        Set(values).sorted().map(String.init).joined(separator: ",")
    }

    private static func encode<T: Encodable>(_ value: T) -> String {
        CanonicalJSON.string(value)
    }

    private func decode<T: Decodable>(_ type: T.Type, _ value: SQLiteValue) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data((value.string ?? "").utf8))
        } catch {
            throw StoreError(path: path, reason: .corrupt("malformed JSON in an evidence table: \(value)"))
        }
    }
}
