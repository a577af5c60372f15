import FlowCore
import Foundation
import Testing

@testable import FeatureFlowCLI

/// `match --shard i/N` in separate processes, then `merge`, gives exactly the single run's match table.
@Suite struct ShardMergeTests {
    /// res on layers 0…2 and mlp on layer 1, 5000 features each (two row blocks of 4096 per layer).
    static func writeFolder(dIn: Int, seed: UInt64 = 7) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ff-shard-\(UUID().uuidString)").path
        var values = MatchCommandTests.Values(state: seed)
        for hook in [
            "blocks.0.hook_resid_post", "blocks.1.hook_resid_post", "blocks.2.hook_resid_post", "blocks.1.hook_mlp_out",
        ] {
            try MatchCommandTests.saelens(root: root, hook: hook, dIn: dIn, dSAE: 5000, values: &values)
        }
        return root
    }

    /// The built `featureflow` binary beside the test bundle's package.
    static var binary: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/featureflow").path
    }

    func run(_ arguments: [String]) throws {
        var command = try FeatureFlowCommand.parseAsRoot(arguments)
        try command.run()
    }

    func rows(_ path: String) throws -> [MatchRow] {
        var rows: [MatchRow] = []
        try FlowDatabase(path: path, readOnly: true).forEachMatch { rows.append($0) }
        return rows
    }

    func expectIdentical(_ a: [MatchRow], _ b: [MatchRow], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(a.count == b.count, sourceLocation: sourceLocation)
        let differing = zip(a, b).filter {
            $0.0 != $0.1 || $0.0.cosine.bitPattern != $0.1.cosine.bitPattern
        }
        #expect(differing.isEmpty, "first differences: \(differing.prefix(3))", sourceLocation: sourceLocation)
    }

    @Test(arguments: [[String](), ["--approx", "--approx-bits", "64", "--approx-candidates", "8"]])
    func shardsInSeparateProcessesMergeIntoTheSingleRun(extra: [String]) throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build first: swift build")
        let root = try Self.writeFolder(dIn: 40)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let common = ["--top-k", "3", "--quiet"] + extra
        try run(["match", root, "--db", root + "/single.sqlite"] + common)

        let n = 4
        let processes = try (0..<n).map { i -> Process in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.binary)
            process.arguments = ["match", root, "--db", root + "/shard-\(i).sqlite", "--shard", "\(i)/\(n)"] + common
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            return process
        }
        for process in processes {
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
        }
        let shards = (0..<n).reversed().map { root + "/shard-\($0).sqlite" }
        try run(["merge", root + "/merged.sqlite"] + shards)
        expectIdentical(try rows(root + "/merged.sqlite"), try rows(root + "/single.sqlite"))
        let merged = try FlowDatabase(path: root + "/merged.sqlite", readOnly: true)
        let single = try FlowDatabase(path: root + "/single.sqlite", readOnly: true)
        #expect(try merged.layerStates().map(\.mode) == single.layerStates().map(\.mode))
        #expect(try merged.layerStates().map(\.inputs) == single.layerStates().map(\.inputs))
        #expect(try merged.layerStates().map(\.parameters) == single.layerStates().map(\.parameters))
        #expect(try merged.saes().map(\.sha256) == single.saes().map(\.sha256))
        // Each shard audits its own rows (the same seeded sample as the single run); merge adds them up.
        let singleAudit = try single.runs().last?.audit
        #expect(try merged.runs().last?.audit == singleAudit)
        #expect((singleAudit != nil) == extra.contains("--approx"))
        if let singleAudit {
            #expect(singleAudit.layers == [0, 1, 2])
            // Layer 0: res forward; layer 1: res backward, mlp, res forward; layer 2: res backward.
            #expect(singleAudit.rows == 5 * 5000)
            #expect(singleAudit.sampled > 0 && singleAudit.sampled == singleAudit.bands.atLeast(-2).rows)
        }
    }

    @Test func mergeRefusesInconsistentShards() throws {
        let root = try Self.writeFolder(dIn: 6)
        defer { try? FileManager.default.removeItem(atPath: root) }
        func shard(_ i: Int, _ n: Int, _ name: String, _ extra: [String] = []) throws -> String {
            let db = root + "/\(name).sqlite"
            try run(["match", root, "--db", db, "--shard", "\(i)/\(n)", "--quiet"] + extra)
            return db
        }
        let s0 = try shard(0, 3, "s0")
        let s1 = try shard(1, 3, "s1")
        let s2 = try shard(2, 3, "s2")
        let k3 = try shard(2, 3, "k3", ["--top-k", "3"])
        let of2 = try shard(1, 2, "of2")
        func merged(_ inputs: [String]) -> MergeError? {
            let out = root + "/out-\(UUID().uuidString).sqlite"
            do {
                _ = try ShardMerger().merge(shards: inputs, into: out)
                return nil
            } catch let error as MergeError {
                #expect(!FileManager.default.fileExists(atPath: out))
                return error
            } catch {
                Issue.record("unexpected \(error)")
                return nil
            }
        }
        #expect(merged([s0, s1]) == MergeError(path: "\(s0), \(s1)", reason: .missing(slices: ["2/3"])))
        #expect(merged([s0, s1, s1]) == MergeError(path: s1, reason: .overlapping(shard: "1/3", other: s1)))
        #expect(
            merged([s0, s1, k3])
                == MergeError(path: k3, reason: .inconsistent(what: "matching parameters", reference: s0)))
        #expect(
            merged([s0, s1, of2])
                == MergeError(path: of2, reason: .inconsistent(what: "shard counts (N of i/N)", reference: s0)))
        // A shard computed after one SAE file changed.
        var values = MatchCommandTests.Values(state: 1234)
        try MatchCommandTests.saelens(root: root, hook: "blocks.1.hook_mlp_out", dIn: 6, dSAE: 5000, values: &values)
        let changed = try shard(2, 3, "changed")
        #expect(
            merged([s0, s1, changed])
                == MergeError(path: changed, reason: .inconsistent(what: "SAE checksums", reference: s0)))
        #expect(merged([s0, s1, s2]) == nil)
        #expect(throws: StoreError.self) {
            try ShardMerger().merge(shards: [root + "/nothing.sqlite"], into: root + "/x")
        }
        #expect(throws: (any Error).self) {
            try FeatureFlowCommand.parseAsRoot(["match", "x", "--shard", "4/4"])
        }
        #expect(throws: (any Error).self) {
            try FeatureFlowCommand.parseAsRoot(["build", "x", "--shard", "0/2"])
        }
    }
}
