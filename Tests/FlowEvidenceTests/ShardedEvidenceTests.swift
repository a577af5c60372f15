import FlowCore
import Foundation
import ModelRuntime
import Testing

@testable import FlowEvidence

/// Sharded evidence: N shards over the sequences, merged, equal one unsharded run table by table (counts,
/// histograms, maxima, top contexts with ties, groups, co-activation exactly; means and FVE to 1e-12
/// relative, the order of addition), the deactivation sample split across shards adds up to the single
/// run's, and merge refuses what is not one run's complete set of slices.
@Suite struct ShardedEvidenceTests {
    static let width = 5
    static let (sequences, positions) = (7, 6)

    /// Identity SAEs R(0), M(1), R(1) (width 5), matches R(1) i ← R(0) i (rank 1), R(0) i+1 (rank 2),
    /// M(1) i+2 (rank 1), and a dump of 7 × 6 positions whose values are multiples of 1/4 (many ties at the
    /// top-3 floor): BOS at position 0, sequence 5 padded from position 4, one masked position.
    static func makeDatabase(_ name: String) throws -> (FlowDatabase, String) {
        let parent = try EvidenceFixtures.folder(name)
        let database = try FlowDatabase(path: parent + "/flow.sqlite")
        var records: [SAERecord] = []
        for (n, hook) in ["blocks.0.hook_resid_post", "blocks.1.hook_mlp_out", "blocks.1.hook_resid_post"].enumerated()
        {
            let folder = try EvidenceFixtures.identitySAE(in: parent, name: "sae\(n)", hook: hook, width: width)
            let sae = try SAECatalog.load(path: folder).saes[0]
            records.append(try database.saeRecord(sae, sha256: try database.checksum(of: sae), projected: false))
        }
        try database.writeSAEs(records)
        for feature in 0..<width {
            for (hookSite, rank, candidate) in [
                ("res", 1, feature), ("res", 2, (feature + 1) % width), ("mlp", 1, (feature + 2) % width),
            ] {
                try database.sqlite.run(
                    "INSERT INTO match(layer, feature, site, direction, rank, candidate, cosine) VALUES (1, ?, ?, "
                        + "'backward', ?, ?, 0.9)", feature, hookSite, rank, candidate)
            }
        }
        let dump = parent + "/acts"
        try FileManager.default.createDirectory(atPath: dump, withIntermediateDirectories: true)
        let count = sequences * positions * width
        for (n, hook) in ["blocks.0.hook_resid_post", "blocks.1.hook_mlp_out", "blocks.1.hook_resid_post"].enumerated()
        {
            let values = EvidenceFixtures.random(count, seed: 40 + UInt64(n), scale: 2).map { ($0 * 4).rounded() / 4 }
            try EvidencePassTests.writeNpy(
                dump + "/\(hook).npy", descr: "<f4", shape: [sequences, positions, width],
                bytes: EvidencePassTests.floatBytes(values))
        }
        let ids = (0..<(sequences * positions)).map { Int32(($0 * 5) % 11) }
        try EvidencePassTests.writeNpy(
            dump + "/tokens.npy", descr: "<i4", shape: [sequences, positions],
            bytes: ids.flatMap { value in withUnsafeBytes(of: value.littleEndian) { Array($0) } })
        var mask = [UInt8](repeating: 0, count: sequences * positions)
        mask[3 * positions + 2] = 1
        try EvidencePassTests.writeNpy(dump + "/mask.npy", descr: "|u1", shape: [sequences, positions], bytes: mask)
        try """
        {"bos_at_position_0": true, "padding": [{"sequence": 5, "from_position": 4}]}
        """.write(toFile: dump + "/capture.json", atomically: true, encoding: .utf8)
        return (database, dump)
    }

    /// Every evidence table of `run`, for comparison.
    struct Tables {
        var run: EvidenceRun
        var quality: [SAEEvidence]
        var activity: [FeatureActivity]
        var contexts: [FeatureContext]
        var groups: [GroupCount]
        var coactivation: [Coactivation]
        var deactivation: [Deactivation]

        init(_ database: FlowDatabase, run id: Int) throws {
            run = try #require(try database.latestEvidenceRun())
            #expect(run.id == id)
            quality = try database.saeEvidence(run: id)
            activity = []
            contexts = []
            for (layer, hookSite) in [(0, HookSite.res), (1, .mlp), (1, .res)] {
                for feature in 0..<ShardedEvidenceTests.width {
                    if let row = try database.featureActivity(
                        run: id, layer: layer, hookSite: hookSite, feature: feature)
                    {
                        activity.append(row)
                    }
                    contexts += try database.featureContexts(
                        run: id, layer: layer, hookSite: hookSite, feature: feature)
                }
            }
            groups = try database.groupCounts(run: id)
            coactivation = try database.coactivations(run: id)
            deactivation = try database.deactivations(run: id)
        }
    }

    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 * max(1, abs(a), abs(b)) }

    /// Runs N shards of the dump on a second copy, merges, and compares with the single run.
    func compare(shards: Int) throws {
        let (single, dump) = try Self.makeDatabase("single")
        let request = EvidenceRequest(acts: dump, top: 3, batch: 2)
        let one = try EvidencePass.run(database: single, request: request)
        let expected = try Tables(single, run: one.run)

        let (sharded, shardDump) = try Self.makeDatabase("sharded")
        var shardRequest = request
        shardRequest.acts = shardDump
        let folder = try EvidenceFixtures.folder("partials")
        var paths: [String] = []
        for i in (0..<shards).reversed() {  // any order
            let path = folder + "/part-\(i).sqlite"
            _ = try EvidencePass.runShard(
                database: sharded, request: shardRequest, shard: ShardSpec(index: i, count: shards), output: path)
            paths.append(path)
        }
        #expect(try sharded.latestEvidenceRun() == nil)  // shards only read the database
        let merged = try EvidenceMerge.merge(database: sharded, partials: paths)
        let actual = try Tables(sharded, run: merged.run)

        #expect(merged.key == one.key)
        #expect(actual.run.key == expected.run.key && actual.run.tokens == expected.run.tokens)
        #expect(actual.run.sequences == expected.run.sequences && actual.run.parameters == expected.run.parameters)
        #expect(actual.run.tokens == 7 * 5 - 2 - 1)
        #expect(actual.quality.count == 3 && actual.quality.count == expected.quality.count)
        for (a, e) in zip(actual.quality, expected.quality) {
            #expect(a.layer == e.layer && a.hookSite == e.hookSite && a.tokens == e.tokens && a.l0 == e.l0)
            #expect(a.deadFraction == e.deadFraction && a.denseFraction == e.denseFraction)
            #expect(Self.close(a.fve, e.fve))
        }
        #expect(actual.activity.count == expected.activity.count && !actual.activity.isEmpty)
        for (a, e) in zip(actual.activity, expected.activity) {
            #expect(a.layer == e.layer && a.hookSite == e.hookSite && a.feature == e.feature && a.active == e.active)
            #expect(a.max == e.max && a.histogram == e.histogram && Self.close(a.mean, e.mean))
        }
        #expect(actual.contexts == expected.contexts)
        #expect(actual.contexts.count == 3 * 3 * Self.width)
        // Ties: some kept activation equals the next one's, so the tie-break decided.
        #expect(actual.contexts.contains { c in actual.contexts.contains { $0 != c && $0.activation == c.activation } })
        #expect(actual.groups == expected.groups && actual.groups.contains { $0.events > 0 })
        #expect(actual.coactivation == expected.coactivation && actual.coactivation.count == 2 * Self.width)
        #expect(actual.deactivation == expected.deactivation)
    }

    @Test func threeShardsMergeToTheSingleRun() throws { try compare(shards: 3) }

    @Test func oneShardAndMoreShardsThanBatchesMergeToTheSingleRun() throws {
        try compare(shards: 1)
        try compare(shards: 7)
    }

    @Test func mergeRefusesIncompleteOrMixedSets() throws {
        let (database, dump) = try Self.makeDatabase("refuse")
        let folder = try EvidenceFixtures.folder("refuse-partials")
        let request = EvidenceRequest(acts: dump, top: 3, batch: 2)
        func shard(_ i: Int, _ n: Int, _ request: EvidenceRequest, _ name: String) throws -> String {
            let path = folder + "/" + name
            _ = try EvidencePass.runShard(
                database: database, request: request, shard: ShardSpec(index: i, count: n), output: path)
            return path
        }
        let a = try shard(0, 3, request, "a")
        let b = try shard(1, 3, request, "b")
        let c = try shard(2, 3, request, "c")
        func message(_ paths: [String]) -> String {
            do {
                _ = try EvidenceMerge.merge(database: database, partials: paths)
                return ""
            } catch {
                return "\(error)"
            }
        }
        #expect(message([a, b]).contains("missing slice(s) 2/3"))
        #expect(message([a, b, b]).contains("slice 1/3 is also in"))
        var other = request
        other.seed = 5
        let d = try shard(2, 3, other, "d")
        #expect(message([a, b, d]).contains(d) && message([a, b, d]).contains("another evidence run"))
        let e = try shard(0, 2, request, "e")
        #expect(message([a, b, c, e]).contains("shard counts"))
        #expect(message([a, database.path]).contains("not a partial evidence file"))
        #expect(throws: EvidenceError.self) { try shard(0, 3, request, "a") }  // never overwrites
        #expect(message([a, b, c]).isEmpty)
        #expect(try database.latestEvidenceRun()?.tokens == 7 * 5 - 2 - 1)
    }

    /// The deactivation sample split by sequence ranges adds up to the whole sample: the same events
    /// (samples, successes exactly) and the same change sums up to rounding.
    @Test func deactivationSampleSplitsAcrossShards() throws {
        let setup = try DeactivationTests.setup()
        var matches = DeactivationTests.matches(.res)
        matches[1]! += DeactivationTests.matches(.mlp)[1]!
        let computation = EvidenceComputation(saes: setup.saes, matches: matches, top: 0, seed: 1)
        let deactivator = Deactivator(model: setup.model, checkpoint: setup.checkpoint, computation: computation)
        let corpus = TokenCorpus(
            sequences: (0..<6).map { s in (0..<5).map { (s * 7 + $0 * 3) % 13 } }, context: 5)
        let request = EvidenceRequest(
            seed: 4, deactivationTexts: 4, deactivationTokens: 2, deactivationLayers: 1, deactivationTargets: 3,
            rValues: [0, 1, 2])
        let (whole, events) = try deactivator.totals(corpus: corpus, skipToken: nil, request: request)
        var parts: [[DeactivationTotal]] = []
        var partEvents = 0
        for range in [0..<2, 2..<3, 3..<6] {
            let (part, n) = try deactivator.totals(corpus: corpus, skipToken: nil, request: request, range: range)
            parts.append(part)
            partEvents += n
        }
        let merged = DeactivationTotal.merged(parts)
        #expect(events > 0 && partEvents == events)
        #expect(merged.count == whole.count && whole.count == 3 * 3)
        for (m, w) in zip(merged, whole) {
            #expect(m.layer == w.layer && m.mode == w.mode && m.r == w.r)
            #expect(m.samples == w.samples && m.successes == w.successes && m.samples > 0)
            #expect(Self.close(m.changeSum, w.changeSum))
        }
    }
}
