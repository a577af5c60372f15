import FlowCore
import Foundation
import Testing

@testable import FlowEvidence

/// The whole pass on an activation dump written here: rows stored under a complete run, BOS and padding
/// skipped, a rerun reused, hostile context text stored raw.
@Suite struct EvidencePassTests {
    /// A little-endian `.npy` (descr `<f4`, `<i4` or `|b1`).
    static func writeNpy(_ path: String, descr: String, shape: [Int], bytes: [UInt8]) throws {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shapeText), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var file: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
        file += [UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)]
        file += Array(header.utf8) + bytes
        try Data(file).write(to: URL(fileURLWithPath: path))
    }

    static func floatBytes(_ values: [Float]) -> [UInt8] {
        values.flatMap { value in withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) } }
    }

    /// Two identity SAEs (R(0), R(1), width 4), a dump of 3 sequences × 5 positions with BOS at position 0,
    /// the last sequence padded from position 3, and R(1)'s feature i matched to R(0)'s feature i.
    static func makeDatabase() throws -> (FlowDatabase, String) {
        let parent = try EvidenceFixtures.folder("pass")
        let width = 4
        let (sequences, positions) = (3, 5)
        var database: FlowDatabase! = nil
        database = try FlowDatabase(path: parent + "/flow.sqlite")
        var records: [SAERecord] = []
        for layer in 0..<2 {
            let folder = try EvidenceFixtures.identitySAE(
                in: parent, name: "r\(layer)", hook: "blocks.\(layer).hook_resid_post", width: width)
            let sae = try SAECatalog.load(path: folder).saes[0]
            records.append(try database.saeRecord(sae, sha256: try database.checksum(of: sae), projected: false))
        }
        try database.writeSAEs(records)
        for feature in 0..<width {
            try database.sqlite.run(
                "INSERT INTO match(layer, feature, site, direction, rank, candidate, cosine) VALUES (1, ?, 'res', "
                    + "'backward', 1, ?, 0.9)", feature, feature)
        }
        let dump = parent + "/acts"
        try FileManager.default.createDirectory(atPath: dump, withIntermediateDirectories: true)
        let values0 = EvidenceFixtures.random(sequences * positions * width, seed: 1)
        let values1 = values0.enumerated().map { $0.offset % 3 == 0 ? $0.element : -$0.element }
        try writeNpy(
            dump + "/blocks.0.hook_resid_post.npy", descr: "<f4", shape: [sequences, positions, width],
            bytes: floatBytes(values0))
        try writeNpy(
            dump + "/blocks.1.hook_resid_post.npy", descr: "<f4", shape: [sequences, positions, width],
            bytes: floatBytes(values1))
        let ids = (0..<(sequences * positions)).map { Int32($0 % 7) }
        try writeNpy(
            dump + "/tokens.npy", descr: "<i4", shape: [sequences, positions],
            bytes: ids.flatMap { value in withUnsafeBytes(of: value.littleEndian) { Array($0) } })
        try """
        {"bos_at_position_0": true, "padding": [{"sequence": 2, "from_position": 3}]}
        """.write(toFile: dump + "/capture.json", atomically: true, encoding: .utf8)
        return (database, dump)
    }

    @Test func dumpRunIsStoredCompleteAndReused() throws {
        let (database, dump) = try Self.makeDatabase()
        let request = EvidenceRequest(acts: dump, top: 3, batch: 2)
        let first = try EvidencePass.run(database: database, request: request)
        #expect(!first.reused)
        #expect(first.tokens == 3 * 4 - 2)  // 4 non-BOS positions per sequence, 2 padded
        let run = try #require(try database.latestEvidenceRun())
        #expect(run.id == first.run && run.source == "acts" && run.tokens == 10 && run.sequences == 3)
        let quality = try database.saeEvidence(run: run.id)
        #expect(quality.map(\.layer) == [0, 1] && quality.allSatisfy { $0.tokens == 10 })
        // Identity SAEs with a zero decoder bias reconstruct relu(x): FVE < 1 but defined.
        #expect(quality.allSatisfy { $0.fve.isFinite })
        let groups = try database.groupCounts(run: run.id)
        #expect(groups.count == 16)
        let events = groups.filter { $0.predecessors == 1 }.map(\.events).reduce(0, +)
        let coactivation = try database.coactivations(run: run.id)
        #expect(coactivation.map(\.targetActive).reduce(0, +) == events)
        let contexts = try database.featureContexts(run: run.id, layer: 0, hookSite: .res, feature: 0)
        #expect(!contexts.isEmpty && contexts.allSatisfy { $0.tokens[$0.focus].hasPrefix("#") && $0.position > 0 })
        #expect(contexts.allSatisfy { !($0.sequence == 2 && $0.position >= 3) })

        let second = try EvidencePass.run(database: database, request: request)
        #expect(second.reused && second.run == first.run)
        var other = request
        other.seed = 9
        let third = try EvidencePass.run(database: database, request: other)
        #expect(!third.reused && third.run != first.run)
        #expect(try database.latestEvidenceRun()?.id == third.run)
    }

    @Test func hostileContextTextIsStoredRaw() throws {
        let (database, _) = try Self.makeDatabase()
        let hostile = [
            "<script>alert(1)</script>", "\"quoted\" & 'single'", "\u{0}\u{1}\u{7}\t\r\n", "\u{202E}evil\u{200F}",
            "</td><img src=x onerror=alert(1)>", "\\u0000 \\\" ]}", "emoji 🙂 and é",
        ]
        let parent = try EvidenceFixtures.folder("hostile")
        let sae = try EvidenceFixtures.load(
            try EvidenceFixtures.identitySAE(in: parent, name: "r0", hook: "blocks.0.hook_resid_post", width: 2),
            layer: 0, hookSite: .res)
        let computation = EvidenceComputation(saes: [sae], matches: [:], top: 5, seed: 0)
        let sequence = Array(0..<hostile.count)
        try computation.add(
            ActivationBatch(
                sequences: [0], positions: hostile.count, tokens: [sequence],
                keep: [Bool](repeating: true, count: hostile.count),
                activations: ["blocks.0.hook_resid_post": sequence.flatMap { [Float($0 + 1), 0] }]))
        let rows = computation.contexts(of: 0, before: 10, after: 10, tokens: { _ in sequence }) { hostile[$0] }
        #expect(rows.count == 5 && rows.allSatisfy { $0.tokens == hostile })
        let id = try database.beginEvidenceRun(
            EvidenceRun(
                key: "k", source: "acts", model: nil, texts: ["<b>"], sequences: 1, tokens: 7, context: 7, seed: 0,
                parameters: "{}"))
        try database.write(rows, run: id)
        try database.completeEvidenceRun(id: id, sequences: 1, tokens: 7)
        let back = try database.featureContexts(run: id, layer: 0, hookSite: .res, feature: 0)
        #expect(back == rows)
        #expect(back.first?.focus == hostile.count - 1 && back.first?.activation == Double(hostile.count))
    }
}
