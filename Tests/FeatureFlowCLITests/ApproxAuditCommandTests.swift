import ArgumentParser
import FlowCore
import Foundation
import Testing

@testable import FeatureFlowCLI

/// `match --approx` audits itself: the audit is stored with the run, a failed audit is a warning, and
/// `--strict` turns it into a failure (the matches are stored either way).
@Suite struct ApproxAuditCommandTests {
    /// res on layers 0 and 1, 40-d, 2000 random features: best matches at cosine ≈ 0.5 with near-ties.
    static func writeFolder() throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ff-audit-\(UUID().uuidString)").path
        var values = MatchCommandTests.Values(state: 11)
        for hook in ["blocks.0.hook_resid_post", "blocks.1.hook_resid_post"] {
            try MatchCommandTests.saelens(root: root, hook: hook, dIn: 40, dSAE: 2000, values: &values)
        }
        return root
    }

    /// A configuration that trusts a 64-bit sketch's top 2 outright (z = −1000): it misses many matches.
    static let careless = [
        "--approx", "--approx-bits", "64", "--approx-candidates", "2", "--top-k", "2", "--approx-confidence=-1000",
        "--approx-audit", "0.2", "--quiet",
    ]

    func run(_ arguments: [String]) throws {
        var command = try FeatureFlowCommand.parseAsRoot(arguments)
        try command.run()
    }

    @Test func failedAuditWarnsAndFailsWithStrict() throws {
        let root = try Self.writeFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try run(["match", root, "--db", root + "/loose.sqlite"] + Self.careless)
        let loose = try FlowDatabase(path: root + "/loose.sqlite", readOnly: true)
        let audit = try #require(try loose.runs().last?.audit)
        #expect(audit.layers == [0, 1] && audit.rows == 4000)
        #expect(audit.sampled > 600 && audit.sampled < 1000)  // 20 % of 4000, seeded
        #expect(!audit.passes)
        #expect(try loose.runs().last?.warnings.contains { $0.hasPrefix("APPROXIMATE MATCHING AUDIT FAILED") } == true)

        let strict = root + "/strict.sqlite"
        #expect(throws: ExitCode.failure) { try run(["match", root, "--db", strict, "--strict"] + Self.careless) }
        // The run is recorded and its matches kept; the same seeded sample gives the same audit.
        #expect(try FlowDatabase(path: strict, readOnly: true).runs().last?.audit == audit)
        #expect(try FlowDatabase(path: strict, readOnly: true).layers() == [0, 1])
    }

    @Test func exactRunsHaveNoAudit() throws {
        let root = try Self.writeFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try run(["match", root, "--db", root + "/exact.sqlite", "--strict", "--quiet"])
        #expect(try FlowDatabase(path: root + "/exact.sqlite", readOnly: true).runs().last?.audit == nil)
    }
}
