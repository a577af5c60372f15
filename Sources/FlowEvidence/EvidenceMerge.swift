import FlowCore
import Foundation

/// Combines the partial files of a sharded evidence run (`featureflow evidence-merge DB PART…`) into one
/// complete `evidence_run` of the flow database, equal to the unsharded run: counts, histograms, maxima,
/// groups, co-activation and deactivation samples/successes add; top contexts are the N highest over all
/// shards (ties to the earlier sequence and position, as in one run); means, FVE and mean changes are sums
/// of doubles divided at the end, equal to the single run's up to the order of addition (docs/evidence.md).
///
/// Refuses, naming the file: a file that is not a partial, an incomplete partial, partials of another run
/// (key), another N, the same slice twice, missing slices, and a database whose SAE set differs from the one
/// the shards read. Works one SAE at a time (memory: two accumulators and one SAE's windows).
public enum EvidenceMerge {
    /// Merges `partials` into `database` and returns the summary of the new run.
    public static func merge(
        database: FlowDatabase, partials paths: [String], progress: (EvidenceProgress) -> Void = { _ in }
    ) throws -> EvidenceSummary {
        guard let firstPath = paths.first else { throw EvidenceError(path: nil, "no partial files to merge") }
        var partials: [(EvidencePartial, EvidencePartial.Manifest)] = []
        for path in paths {
            let partial = try EvidencePartial.open(path: path)
            partials.append((partial, try partial.manifest()))
        }
        let reference = partials[0].1
        var seen: [Int: String] = [:]
        for (partial, manifest) in partials {
            guard manifest.key == reference.key, manifest.sequences == reference.sequences,
                manifest.top == reference.top
            else {
                throw EvidenceError(
                    path: partial.path, "another evidence run than \(firstPath) (inputs or settings differ)")
            }
            guard manifest.shard.count == reference.shard.count else {
                throw EvidenceError(path: partial.path, "shard counts (N of i/N) differ from \(firstPath)")
            }
            if let other = seen[manifest.shard.index] {
                throw EvidenceError(path: partial.path, "slice \(manifest.shard) is also in \(other)")
            }
            seen[manifest.shard.index] = partial.path
        }
        let missing = (0..<reference.shard.count).filter { seen[$0] == nil }
        guard missing.isEmpty else {
            throw EvidenceError(
                path: firstPath,
                "missing slice(s) "
                    + missing.map { ShardSpec(index: $0, count: reference.shard.count).description }.joined(
                        separator: ", "))
        }
        partials.sort { $0.1.shard.index < $1.1.shard.index }
        let records = try database.saes()
        let recorded = records.map { "\($0.layer)/\($0.hookSite.rawValue) \($0.sha256)" }
        guard recorded == reference.saes else {
            throw EvidenceError(
                path: database.path, "its SAE set (layers, sites, checksums) differs from the one \(firstPath) read")
        }

        var run = reference.run
        run.sequences = reference.sequences
        run.tokens = partials.map(\.1.tokens).reduce(0, +)
        let id = try database.beginEvidenceRun(run)
        var vocabulary: [Int: String] = [:]
        for (partial, _) in partials {
            for (token, text) in try partial.vocabulary() {
                if let known = vocabulary[token], known != text {
                    throw EvidenceError(path: partial.path, "token \(token) decodes differently from another shard")
                }
                vocabulary[token] = text
            }
        }
        for (n, record) in records.enumerated() {
            progress(EvidenceProgress(phase: "merge", done: n, total: records.count, tokensPerSecond: 0))
            var merged: SAEAccumulator?
            var windows: [Int64: (ids: [Int32], focus: Int)] = [:]
            for (partial, _) in partials {
                let (part, partWindows) = try partial.read(
                    layer: record.layer, hookSite: record.hookSite, top: reference.top)
                guard part.featureCount == record.dSAE, merged.map({ $0.inputWidth == part.inputWidth }) ?? true else {
                    throw EvidenceError(
                        path: partial.path,
                        "the state of SAE \(record.layer)/\(record.hookSite.rawValue) does not fit it")
                }
                windows.merge(partWindows) { a, _ in a }
                if let merged { merged.absorb(part) } else { merged = part }
            }
            guard let merged else { continue }
            try database.write([merged.quality(layer: record.layer, hookSite: record.hookSite)], run: id)
            try database.write(merged.activities(layer: record.layer, hookSite: record.hookSite), run: id)
            var rows: [ContextWindow] = []
            for feature in 0..<record.dSAE {
                for (rank, entry) in merged.topActivations(feature).enumerated() {
                    guard let window = windows[Int64(entry.sequence) << 32 | Int64(entry.position)] else {
                        throw EvidenceError(
                            path: firstPath,
                            "no context window for \(record.layer)/\(record.hookSite.rawValue)/\(feature)")
                    }
                    rows.append(
                        ContextWindow(
                            layer: record.layer, hookSite: record.hookSite, feature: feature, rank: rank + 1,
                            activation: Double(entry.value), sequence: entry.sequence, position: entry.position,
                            tokens: window.ids, focus: window.focus))
                }
            }
            try database.write(rows, run: id)
        }
        try database.writeVocabulary(vocabulary, run: id)

        let seed = UInt64(truncatingIfNeeded: reference.run.seed)
        for layer in Set(records.filter { $0.hookSite == .res }.map(\.layer)).sorted() {
            guard let flow = try flowAccumulator(database: database, records: records, layer: layer, seed: seed) else {
                continue
            }
            for (partial, _) in partials {
                guard let part = try flowAccumulator(database: database, records: records, layer: layer, seed: seed)
                else { continue }
                try partial.read(layer: layer, into: part)
                flow.absorb(part)
            }
            try database.write(flow.groupCounts(), run: id)
            try database.write(flow.coactivations(), run: id)
        }
        let totals = DeactivationTotal.merged(try partials.map { try $0.0.deactivationTotals() })
        try database.write(totals.map(\.row), run: id)
        try database.completeEvidenceRun(id: id, sequences: run.sequences, tokens: run.tokens)
        var summary = EvidenceSummary(
            run: id, key: reference.key, reused: false, sequences: run.sequences, tokens: run.tokens)
        summary.deactivationEvents = 0
        return summary
    }

    /// An empty flow accumulator of residual layer `layer`, as `EvidenceComputation` builds it (nil when the
    /// layer has no matches or no predecessor SAE).
    static func flowAccumulator(
        database: FlowDatabase, records: [SAERecord], layer: Int, seed: UInt64
    ) throws -> FlowAccumulator? {
        let rows = try database.matches(layer: layer).filter { $0.direction == .backward }
        guard !rows.isEmpty, let target = records.first(where: { $0.layer == layer && $0.hookSite == .res }) else {
            return nil
        }
        var widths: [HookSite: Int] = [:]
        for (hookSite, predecessorLayer) in [(HookSite.res, layer - 1), (.mlp, layer), (.att, layer)] {
            if let record = records.first(where: { $0.layer == predecessorLayer && $0.hookSite == hookSite }) {
                widths[hookSite] = record.dSAE
            }
        }
        guard !widths.isEmpty else { return nil }
        let table = PredecessorTable(
            layer: layer, featureCount: target.dSAE, rows: rows, widths: widths, seed: seed)
        return FlowAccumulator(table: table, widths: widths)
    }
}
