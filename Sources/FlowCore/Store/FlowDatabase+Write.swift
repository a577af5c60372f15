import Foundation
import LinearAlgebra
import SQLiteSupport

extension FlowDatabase {
    /// Inserts or replaces the `sae` rows.
    public func writeSAEs(_ records: [SAERecord]) throws {
        try sqlite.transaction {
            let insert = try sqlite.prepare(
                """
                INSERT OR REPLACE INTO sae(layer, site, path, format, hook_name, d_in, d_sae, dtype, architecture,
                    sha256, neuronpedia_id, projected, thresholds, decoder_norms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for r in records {
                let blob: SQLiteValue = r.thresholds.map { .blob(Self.littleEndianBytes($0)) } ?? .null
                try insert.run(
                    r.layer, r.hookSite.rawValue, r.path, r.format, r.hookName, r.dIn, r.dSAE, r.dtype, r.architecture,
                    r.sha256, r.neuronpediaID, r.projected, blob,
                    r.decoderNorms.map { SQLiteValue.blob(Self.littleEndianBytes($0)) } ?? .null)
            }
        }
    }

    /// Replaces the matches of one layer and records its `layer_state`, in one transaction.
    public func writeLayer(_ matches: LayerMatches, state: LayerState) throws {
        precondition(matches.layer == state.layer, "state must describe the same layer")
        try sqlite.transaction {
            try sqlite.run("DELETE FROM match WHERE layer = ?", matches.layer)
            let insert = try sqlite.prepare(
                "INSERT INTO match(layer, feature, site, direction, rank, candidate, cosine) VALUES (?, ?, ?, ?, ?, ?, ?)"
            )
            // Primary-key order (site and direction as text), so the B-tree only appends.
            let ordered = matches.comparisons.sorted {
                ($0.hookSite.rawValue, $0.direction.rawValue) < ($1.hookSite.rawValue, $1.direction.rawValue)
            }
            let layer = matches.layer.sqliteValue
            let hookSites = ordered.map { SQLiteValue.text($0.hookSite.rawValue) }
            let directions = ordered.map { SQLiteValue.text($0.direction.rawValue) }
            for feature in 0..<matches.features {
                let featureValue = feature.sqliteValue
                for (c, comparison) in ordered.enumerated() {
                    let topK = comparison.topK
                    let base = feature * topK.k
                    for rank in 0..<topK.k {
                        let index = topK.indices[base + rank]
                        if index == TopKAccumulator.emptyIndex { break }
                        try insert.run(
                            layer, featureValue, hookSites[c], directions[c], rank + 1, Int(index),
                            Double(topK.values[base + rank]))
                    }
                }
            }
            try sqlite.run(
                "INSERT OR REPLACE INTO layer_state(layer, inputs, parameters, mode, seconds) VALUES (?, ?, ?, ?, ?)",
                state.layer, state.inputs, state.parameters, state.mode, state.seconds)
        }
    }

    /// Appends a `run` row (with the self-audit of an approximate run) and returns its id.
    @discardableResult
    public func writeRun(parameters: String, timings: String, warnings: [String], audit: MatchAudit? = nil) throws
        -> Int
    {
        let auditValue: SQLiteValue = audit.map { .text($0.json) } ?? .null
        try sqlite.run(
            "INSERT INTO run(tool_version, parameters, timings, warnings, audit) VALUES (?, ?, ?, ?, ?)",
            FlowCore.version, parameters, timings, StoredJSON.strings(warnings), auditValue)
        return Int(sqlite.lastInsertRowID)
    }

    /// Removes the matches and state of layers not in `keep` (e.g. after the input lost a layer).
    public func deleteLayers(notIn keep: Set<Int>) throws {
        try sqlite.transaction {
            for layer in try layers() where !keep.contains(layer) {
                try sqlite.run("DELETE FROM match WHERE layer = ?", layer)
                try sqlite.run("DELETE FROM layer_state WHERE layer = ?", layer)
            }
        }
    }

    static func littleEndianBytes(_ values: [Float]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count * 4)
        for v in values {
            let bits = v.bitPattern.littleEndian
            bytes.append(UInt8(truncatingIfNeeded: bits))
            bytes.append(UInt8(truncatingIfNeeded: bits >> 8))
            bytes.append(UInt8(truncatingIfNeeded: bits >> 16))
            bytes.append(UInt8(truncatingIfNeeded: bits >> 24))
        }
        return bytes
    }

    static func floats(littleEndian bytes: [UInt8]) -> [Float] {
        stride(from: 0, to: bytes.count - bytes.count % 4, by: 4).map { i in
            Float(
                bitPattern: UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16
                    | UInt32(bytes[i + 3]) << 24)
        }
    }
}
