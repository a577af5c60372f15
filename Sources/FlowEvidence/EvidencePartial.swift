import FlowCore
import Foundation
import SQLiteSupport

/// A shard's partial evidence (`featureflow evidence DB --shard i/N --out PART`): an SQLite file with the
/// accumulated state of one slice of sequences — per SAE the counts, sums, maxima, histogram and top
/// entries with their context windows (token ids) and the vocabulary they use; per layer the group and
/// co-activation counts; the deactivation sums of the sampled sequences in the slice — and a manifest
/// (run key, i/N, the slice, the SAE checksums, the run's settings), marked complete last.
/// `EvidenceMerge` adds the partials of one run into the flow database.
public final class EvidencePartial {
    /// What a partial is a slice of.
    public struct Manifest: Equatable, Sendable {
        /// The run key (as an unsharded run with the same inputs computes it).
        public var key: String
        public var shard: ShardSpec
        /// Sequences of the whole text, and this slice of them.
        public var sequences: Int
        public var range: Range<Int>
        /// Tokens counted in the slice.
        public var tokens: Int
        /// The run record's fields (sequences/tokens are the merged run's to fill).
        public var run: EvidenceRun
        /// `layer/site sha256` of every SAE, in the database's order.
        public var saes: [String]
        /// Contexts kept per feature.
        public var top: Int
    }

    /// The file.
    public let path: String
    let sqlite: SQLiteDatabase

    static let ddl = """
        CREATE TABLE IF NOT EXISTS partial_manifest(
            key TEXT NOT NULL, shard INTEGER NOT NULL, shards INTEGER NOT NULL, sequences INTEGER NOT NULL,
            first_sequence INTEGER NOT NULL, end_sequence INTEGER NOT NULL, tokens INTEGER NOT NULL,
            source TEXT NOT NULL, model TEXT, texts TEXT NOT NULL, context INTEGER NOT NULL, seed INTEGER NOT NULL,
            parameters TEXT NOT NULL, saes TEXT NOT NULL, top INTEGER NOT NULL, complete INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS partial_sae(
            layer INTEGER NOT NULL, site TEXT NOT NULL, tokens INTEGER NOT NULL, active_sum INTEGER NOT NULL,
            squared_error REAL NOT NULL, squared_norm REAL NOT NULL, input_sum BLOB NOT NULL, active BLOB NOT NULL,
            sum BLOB NOT NULL, maximum BLOB NOT NULL, histogram BLOB NOT NULL, PRIMARY KEY(layer, site));
        CREATE TABLE IF NOT EXISTS partial_context(
            layer INTEGER NOT NULL, site TEXT NOT NULL, feature INTEGER NOT NULL, activation REAL NOT NULL,
            sequence INTEGER NOT NULL, position INTEGER NOT NULL, tokens BLOB NOT NULL, focus INTEGER NOT NULL,
            PRIMARY KEY(layer, site, feature, sequence, position)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS partial_flow(
            layer INTEGER NOT NULL, name TEXT NOT NULL, counts BLOB NOT NULL, PRIMARY KEY(layer, name));
        CREATE TABLE IF NOT EXISTS partial_deactivation(
            layer INTEGER NOT NULL, mode TEXT NOT NULL, r REAL NOT NULL, samples INTEGER NOT NULL,
            successes INTEGER NOT NULL, change_sum REAL NOT NULL, PRIMARY KEY(layer, mode, r));
        CREATE TABLE IF NOT EXISTS partial_vocab(id INTEGER PRIMARY KEY, text TEXT NOT NULL);
        """

    private init(path: String, sqlite: SQLiteDatabase) {
        self.path = path
        self.sqlite = sqlite
    }

    /// A new partial file at `path` (which must not exist).
    public static func create(path: String) throws -> EvidencePartial {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw EvidenceError(path: path, "the output exists; write each shard to a new file")
        }
        let sqlite = try SQLiteDatabase(path: path)
        try sqlite.execute("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;")
        try sqlite.execute(ddl)
        return EvidencePartial(path: path, sqlite: sqlite)
    }

    /// Opens a partial written by a shard; refuses other files.
    public static func open(path: String) throws -> EvidencePartial {
        guard FileManager.default.fileExists(atPath: path) else { throw EvidenceError(path: path, "no such file") }
        let sqlite: SQLiteDatabase
        do {
            sqlite = try SQLiteDatabase(path: path, readOnly: true)
            guard
                try !sqlite.rows("SELECT 1 FROM sqlite_master WHERE type='table' AND name='partial_manifest'").isEmpty
            else {
                throw EvidenceError(
                    path: path, "not a partial evidence file (write them with featureflow evidence … --shard i/N)")
            }
        } catch let error as EvidenceError {
            throw error
        } catch {
            throw EvidenceError(path: path, "not a partial evidence file: \(error)")
        }
        return EvidencePartial(path: path, sqlite: sqlite)
    }

    /// Writes the manifest (incomplete until `complete()`).
    func write(_ manifest: Manifest) throws {
        let texts = String(decoding: try JSONSerialization.data(withJSONObject: manifest.run.texts), as: UTF8.self)
        try sqlite.run(
            "INSERT INTO partial_manifest VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)", manifest.key,
            manifest.shard.index, manifest.shard.count, manifest.sequences, manifest.range.lowerBound,
            manifest.range.upperBound, manifest.tokens, manifest.run.source, manifest.run.model, texts,
            manifest.run.context, manifest.run.seed, manifest.run.parameters,
            manifest.saes.joined(separator: "\n"), manifest.top)
    }

    /// Marks the partial complete with its token count.
    func complete(tokens: Int) throws {
        try sqlite.run("UPDATE partial_manifest SET complete = 1, tokens = ?", tokens)
    }

    /// The manifest; throws when the partial is incomplete (an interrupted shard).
    public func manifest() throws -> Manifest {
        guard let row = try sqlite.rows("SELECT * FROM partial_manifest").first, row.count == 16 else {
            throw EvidenceError(path: path, "the partial has no manifest")
        }
        guard row[15].int == 1 else {
            throw EvidenceError(path: path, "incomplete partial (the shard did not finish); run the shard again")
        }
        let texts =
            (try? JSONSerialization.jsonObject(with: Data((row[9].string ?? "[]").utf8)) as? [String]) ?? []
        let run = EvidenceRun(
            key: row[0].string ?? "", source: row[7].string ?? "", model: row[8].string, texts: texts, sequences: 0,
            tokens: 0, context: row[10].int ?? 0, seed: row[11].int ?? 0, parameters: row[12].string ?? "{}")
        let first = row[4].int ?? 0
        return Manifest(
            key: row[0].string ?? "", shard: ShardSpec(index: row[1].int ?? 0, count: row[2].int ?? 1),
            sequences: row[3].int ?? 0, range: first..<max(first, row[5].int ?? 0), tokens: row[6].int ?? 0,
            run: run, saes: (row[13].string ?? "").split(separator: "\n").map(String.init), top: row[14].int ?? 0)
    }

    /// Writes one SAE's accumulator and the windows of its top entries.
    func write(layer: Int, hookSite: HookSite, accumulator: SAEAccumulator, windows: [ContextWindow]) throws {
        let columns = accumulator.partialColumns
        try sqlite.transaction {
            try sqlite.run(
                "INSERT INTO partial_sae VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", layer, hookSite.rawValue,
                accumulator.tokens, accumulator.activeSum, accumulator.squaredError, accumulator.squaredNorm,
                SQLiteValue.blob(columns["input_sum"]!), SQLiteValue.blob(columns["active"]!),
                SQLiteValue.blob(columns["sum"]!), SQLiteValue.blob(columns["maximum"]!),
                SQLiteValue.blob(columns["histogram"]!))
            let statement = try sqlite.prepare("INSERT INTO partial_context VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
            for window in windows {
                try statement.bind([
                    layer, hookSite.rawValue, window.feature, window.activation, window.sequence, window.position,
                    SQLiteValue.blob(window.blob), window.focus,
                ])
                while try statement.step() {}
            }
        }
    }

    /// Reads one SAE's state into a new accumulator keeping `top` entries (its top entries offered in
    /// position order) and returns it with the windows of those entries by (sequence, position).
    func read(
        layer: Int, hookSite: HookSite, top: Int
    ) throws -> (SAEAccumulator, [Int64: (ids: [Int32], focus: Int)]) {
        guard
            let row = try sqlite.rows(
                "SELECT tokens, active_sum, squared_error, squared_norm, input_sum, active, sum, maximum, histogram "
                    + "FROM partial_sae WHERE layer = ? AND site = ?", layer, hookSite.rawValue
            ).first
        else { throw EvidenceError(path: path, "no state for SAE \(layer)/\(hookSite.rawValue)") }
        var columns: [String: [UInt8]] = [:]
        for (i, name) in ["input_sum", "active", "sum", "maximum", "histogram"].enumerated() {
            if case .blob(let bytes) = row[4 + i] { columns[name] = bytes }
        }
        let accumulator = SAEAccumulator(
            featureCount: (columns["active"]?.count ?? 0) / 8, inputWidth: (columns["input_sum"]?.count ?? 0) / 8,
            top: top)
        guard
            accumulator.restore(
                tokens: row[0].int ?? 0, activeSum: row[1].int ?? 0, squaredError: row[2].double ?? 0,
                squaredNorm: row[3].double ?? 0, columns: columns)
        else { throw EvidenceError(path: path, "malformed state of SAE \(layer)/\(hookSite.rawValue)") }
        var windows: [Int64: (ids: [Int32], focus: Int)] = [:]
        let statement = try sqlite.prepare(
            "SELECT feature, activation, sequence, position, tokens, focus FROM partial_context WHERE layer = ? "
                + "AND site = ? ORDER BY feature, sequence, position")
        try statement.bind([layer, hookSite.rawValue])
        while try statement.step() {
            let feature = statement.int(0)
            let (sequence, position) = (statement.int(2), statement.int(3))
            guard feature >= 0, feature < accumulator.featureCount, case .blob(let bytes) = statement.value(4),
                let ids = ContextWindow.ids(blob: bytes)
            else { throw EvidenceError(path: path, "malformed context of \(layer)/\(hookSite.rawValue)/\(feature)") }
            accumulator.offer(
                feature, value: Float(statement.double(1)), sequence: Int32(sequence), position: Int32(position))
            windows[Int64(sequence) << 32 | Int64(position)] = (ids, statement.int(5))
        }
        return (accumulator, windows)
    }

    /// Writes one layer's group and co-activation counts.
    func write(layer: Int, flow: FlowAccumulator) throws {
        try sqlite.transaction {
            for (name, counts) in flow.partialColumns.sorted(by: { $0.key < $1.key }) {
                try sqlite.run(
                    "INSERT INTO partial_flow VALUES (?, ?, ?)", layer, name,
                    SQLiteValue.blob(PartialBlob.bytes(counts)))
            }
        }
    }

    /// Reads one layer's counts into the empty `flow`.
    func read(layer: Int, into flow: FlowAccumulator) throws {
        var columns: [String: [Int]] = [:]
        for row in try sqlite.rows("SELECT name, counts FROM partial_flow WHERE layer = ?", layer) {
            guard let name = row[0].string, case .blob(let bytes) = row[1], bytes.count % 8 == 0,
                let counts = PartialBlob.ints(bytes, count: bytes.count / 8)
            else { throw EvidenceError(path: path, "malformed flow counts of layer \(layer)") }
            columns[name] = counts
        }
        guard flow.restore(columns) else {
            throw EvidenceError(path: path, "the flow counts of layer \(layer) do not fit its SAEs and matches")
        }
    }

    /// Writes the deactivation sums of the slice.
    func write(_ totals: [DeactivationTotal]) throws {
        try sqlite.transaction {
            for total in totals {
                try sqlite.run(
                    "INSERT INTO partial_deactivation VALUES (?, ?, ?, ?, ?, ?)", total.layer, total.mode, total.r,
                    total.samples, total.successes, total.changeSum)
            }
        }
    }

    /// The deactivation sums, by layer, mode, r.
    func deactivationTotals() throws -> [DeactivationTotal] {
        try sqlite.rows(
            "SELECT layer, mode, r, samples, successes, change_sum FROM partial_deactivation ORDER BY layer, mode, r"
        ).map {
            DeactivationTotal(
                layer: $0[0].int ?? 0, mode: $0[1].string ?? "", r: $0[2].double ?? 0, samples: $0[3].int ?? 0,
                successes: $0[4].int ?? 0, changeSum: $0[5].double ?? 0)
        }
    }

    /// Writes the decoded text of the ids the windows use.
    func writeVocabulary(_ entries: [Int: String]) throws {
        try sqlite.transaction {
            for (id, text) in entries.sorted(by: { $0.key < $1.key }) {
                try sqlite.run("INSERT INTO partial_vocab VALUES (?, ?)", id, text)
            }
        }
    }

    /// The vocabulary of the windows.
    func vocabulary() throws -> [Int: String] {
        var entries: [Int: String] = [:]
        for row in try sqlite.rows("SELECT id, text FROM partial_vocab") {
            entries[row[0].int ?? 0] = row[1].string ?? ""
        }
        return entries
    }
}
