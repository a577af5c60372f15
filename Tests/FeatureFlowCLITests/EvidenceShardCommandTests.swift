import ArgumentParser
import FlowCore
import Foundation
import Testing

@testable import FeatureFlowCLI

/// The command line of sharded and Neuronpedia evidence: which option sets are accepted, and what
/// `evidence-merge` says about files that are not partials.
@Suite struct EvidenceShardCommandTests {
    static func error(_ arguments: [String]) -> String? {
        do {
            _ = try FeatureFlowCommand.parseAsRoot(arguments)
            return nil
        } catch {
            return FeatureFlowCommand.message(for: error)
        }
    }

    @Test func optionSetsAreValidated() throws {
        let base = ["evidence", "db.sqlite", "--acts", "dump"]
        #expect(Self.error(base + ["--shard", "1/3", "--out", "p.sqlite"]) == nil)
        #expect(Self.error(base + ["--shard", "3/3", "--out", "p.sqlite"])?.contains("--shard must be i/N") == true)
        #expect(Self.error(base + ["--shard", "0/2"])?.contains("--shard and --out go together") == true)
        #expect(Self.error(base + ["--out", "p.sqlite"])?.contains("--shard and --out go together") == true)
        #expect(Self.error(["evidence", "db.sqlite", "--neuronpedia", "np"]) == nil)
        #expect(
            Self.error(["evidence", "db.sqlite", "--neuronpedia", "np", "--acts", "d"])?.contains(
                "--neuronpedia excludes")
                == true)
        #expect(Self.error(["evidence-merge", "db.sqlite", "a.sqlite", "b.sqlite"]) == nil)
        #expect(Self.error(["evidence-merge", "db.sqlite"])?.contains("partials") == true)
    }

    @Test func mergeNamesAFileThatIsNotAPartial() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("evidence-cli-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let database = folder + "/flow.sqlite"
        _ = try FlowDatabase(path: database)
        let stray = folder + "/stray.sqlite"
        _ = try FlowDatabase(path: stray)
        var command = try FeatureFlowCommand.parseAsRoot(["evidence-merge", database, stray, "--quiet"])
        do {
            try command.run()
            Issue.record("merge accepted a file that is not a partial")
        } catch {
            #expect("\(error)".contains(stray) && "\(error)".contains("not a partial evidence file"))
        }
    }
}
