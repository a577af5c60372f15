import CanonicalOutput
import Foundation
import SQLiteSupport

/// Combines the shard databases of one run (`featureflow match … --shard i/N`) into one flow database
/// equal to a single run's: same `sae` rows, the union of the shards' `match` rows, one `layer_state`
/// row per layer, one `run` row. Refuses shards that do not belong together — different SAE checksums,
/// parameters, tiles or slicing — and slices given twice or not at all, naming the files.
public struct ShardMerger {
    /// What a merge did.
    public struct Summary: Sendable {
        /// Layers in the merged database.
        public var layers: [Int]
        /// Match rows copied.
        public var matches: Int
        /// Shards merged.
        public var shards: Int
        /// The shards' self-audits added up (nil for exact runs).
        public var audit: MatchAudit?
    }

    /// A merger.
    public init() {}

    /// Merges `shards` (paths) into a new database at `output`.
    public func merge(shards: [String], into output: String) throws -> Summary {
        guard let first = shards.first else { throw MergeError(path: nil, reason: .noInputs) }
        if FileManager.default.fileExists(atPath: output) { throw MergeError(path: output, reason: .outputExists) }
        var manifests: [(path: String, manifest: ShardManifest, saes: [SAERecord])] = []
        // Each shard audits its own rows; the merged run's audit adds their counts up.
        var audit: MatchAudit? = nil
        for path in shards {
            let database = try FlowDatabase(path: path, readOnly: true)
            guard let manifest = try database.shardManifest() else { throw MergeError(path: path, reason: .notAShard) }
            manifests.append((path, manifest, try database.saes()))
            if let part = try database.runs().last?.audit { audit = audit.map { $0.adding(part) } ?? part }
        }
        let reference = manifests[0]
        var owner: [Int: String] = [:]
        for (path, manifest, saes) in manifests {
            func check(_ same: Bool, _ what: String) throws {
                if !same { throw MergeError(path: path, reason: .inconsistent(what: what, reference: first)) }
            }
            try check(
                saes.map { "\($0.layer)/\($0.hookSite.rawValue)=\($0.sha256)" }
                    == reference.saes.map { "\($0.layer)/\($0.hookSite.rawValue)=\($0.sha256)" }, "SAE checksums")
            try check(
                manifest.layers.map(\.inputs) == reference.manifest.layers.map(\.inputs)
                    && manifest.layers.map(\.layer) == reference.manifest.layers.map(\.layer),
                "the layers or their input checksums")
            try check(manifest.parameters == reference.manifest.parameters, "matching parameters")
            try check(
                manifest.tiles == reference.manifest.tiles && manifest.blockRows == reference.manifest.blockRows,
                "tile sizes")
            try check(manifest.shard.count == reference.manifest.shard.count, "shard counts (N of i/N)")
            if let other = owner[manifest.shard.index] {
                throw MergeError(path: path, reason: .overlapping(shard: manifest.shard.description, other: other))
            }
            owner[manifest.shard.index] = path
        }
        let count = reference.manifest.shard.count
        let missing = (0..<count).filter { owner[$0] == nil }
        if !missing.isEmpty {
            throw MergeError(
                path: shards.joined(separator: ", "),
                reason: .missing(slices: missing.map { ShardSpec(index: $0, count: count).description }))
        }
        // The units each shard claims must be exactly its slice of the run.
        let allUnits = reference.manifest.layers.flatMap { layer in
            stride(from: 0, to: layer.features, by: reference.manifest.blockRows).map {
                ShardSpec.Unit(layer: layer.layer, rows: $0..<min(layer.features, $0 + reference.manifest.blockRows))
            }
        }
        for (path, manifest, _) in manifests where manifest.units != manifest.shard.slice(of: allUnits) {
            throw MergeError(path: path, reason: .incomplete("its units are not slice \(manifest.shard) of the run"))
        }

        let database = try FlowDatabase(path: output)
        do {
            try database.writeSAEs(reference.saes)
            for (path, manifest, _) in manifests {
                try database.sqlite.run("ATTACH DATABASE ? AS shard", path)
                defer { try? database.sqlite.run("DETACH DATABASE shard") }
                try database.sqlite.transaction {
                    try database.sqlite.run("INSERT INTO match SELECT * FROM shard.match")
                    // Every unit must have matches for each of its rows.
                    for unit in manifest.units {
                        let n =
                            try database.sqlite.rows(
                                "SELECT count(DISTINCT feature) FROM shard.match "
                                    + "WHERE layer = ? AND feature >= ? AND feature < ?",
                                unit.layer, unit.rows.lowerBound, unit.rows.upperBound
                            ).first?.first?.int ?? 0
                        if n != unit.rows.count {
                            throw MergeError(
                                path: path,
                                reason: .incomplete(
                                    "layer \(unit.layer) rows \(unit.rows.lowerBound)–\(unit.rows.upperBound - 1) "
                                        + "have matches for \(n) of \(unit.rows.count) features"))
                        }
                    }
                }
            }
            try database.sqlite.transaction {
                for layer in reference.manifest.layers {
                    let seconds = manifests.reduce(0.0) { $0 + ($1.manifest.seconds[String(layer.layer)] ?? 0) }
                    try database.sqlite.run(
                        "INSERT OR REPLACE INTO layer_state(layer, inputs, parameters, mode, seconds) "
                            + "VALUES (?, ?, ?, ?, ?)",
                        layer.layer, layer.inputs, reference.manifest.parameters, layer.mode, seconds)
                }
            }
            let copied = try database.sqlite.rows("SELECT count(*) FROM match").first?.first?.int ?? 0
            try database.writeRun(
                parameters: StoredJSON.object([
                    "merged": .array(shards.map(JSONValue.string)), "shards": .int(count),
                    "parameters": .string(reference.manifest.parameters),
                ]),
                timings: "{}", warnings: audit?.warning.map { [$0] } ?? [], audit: audit)
            return Summary(
                layers: reference.manifest.layers.map(\.layer), matches: copied, shards: count, audit: audit)
        } catch {
            try? FileManager.default.removeItem(atPath: output)
            for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: output + suffix) }
            throw error
        }
    }
}
