import CanonicalOutput
import Foundation
import LinearAlgebra
import SQLiteSupport

extension FlowDatabase {
    /// The `meta` key holding a shard database's `ShardManifest`.
    static let shardKey = "shard"

    /// The shard manifest, or nil when this is not a shard database.
    public func shardManifest() throws -> ShardManifest? {
        guard let text = try sqlite.rows("SELECT value FROM meta WHERE key = ?", Self.shardKey).first?.first?.string
        else { return nil }
        do {
            return try JSONDecoder().decode(ShardManifest.self, from: Data(text.utf8))
        } catch {
            throw StoreError(path: path, reason: .corrupt("unreadable shard manifest: \(error)"))
        }
    }

    /// Records the shard manifest.
    public func writeShardManifest(_ manifest: ShardManifest) throws {
        let text = CanonicalJSON.string(manifest)
        try sqlite.run("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", Self.shardKey, text)
    }

    /// Empties the `match` table and forgets any shard manifest (a shard run starts afresh).
    public func clearShard() throws {
        try sqlite.transaction {
            try sqlite.run("DELETE FROM match")
            try sqlite.run("DELETE FROM meta WHERE key = ?", Self.shardKey)
        }
    }

    /// Inserts the matches of residual rows `rowOffset ..< rowOffset + matches.features` of one layer
    /// (feature r of `matches` is feature `rowOffset + r`), in one transaction.
    public func writeMatches(_ matches: LayerMatches, rowOffset: Int) throws {
        try sqlite.transaction {
            let insert = try sqlite.prepare(
                "INSERT INTO match(layer, feature, site, direction, rank, candidate, cosine) VALUES (?, ?, ?, ?, ?, ?, ?)"
            )
            for feature in 0..<matches.features {
                for comparison in matches.comparisons {
                    let topK = comparison.topK
                    for rank in 0..<topK.k {
                        let index = topK.indices[feature * topK.k + rank]
                        if index == TopKAccumulator.emptyIndex { break }
                        try insert.run(
                            matches.layer, rowOffset + feature, comparison.hookSite.rawValue,
                            comparison.direction.rawValue, rank + 1, Int(index),
                            Double(topK.values[feature * topK.k + rank]))
                    }
                }
            }
        }
    }
}
