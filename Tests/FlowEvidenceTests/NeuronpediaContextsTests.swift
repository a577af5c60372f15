import FlowCore
import Foundation
import Testing

@testable import FlowEvidence

/// Top contexts from a Neuronpedia activation export written here byte by byte (gzip with stored deflate
/// blocks, CRC-32 computed here): rows matched to SAEs by their Neuronpedia id, the highest kept with ties to
/// the earlier row, windows clipped around `maxValueTokenIndex`, raw token text back through the vocabulary,
/// and malformed input refused naming the file and line.
@Suite struct NeuronpediaContextsTests {
    /// CRC-32 (IEEE, reflected), bit by bit.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    /// A gzip member holding `data` in stored (uncompressed) deflate blocks.
    static func gzip(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF]
        var offset = 0
        repeat {
            let count = min(65_535, data.count - offset)
            let last: UInt8 = offset + count == data.count ? 1 : 0
            out += [last, UInt8(count & 0xFF), UInt8(count >> 8), UInt8(~count & 0xFF), UInt8((~count >> 8) & 0xFF)]
            out += data[offset..<(offset + count)]
            offset += count
        } while offset < data.count
        for value in [crc32(data), UInt32(data.count)] {
            out += [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF), UInt8((value >> 16) & 0xFF), UInt8(value >> 24)]
        }
        return out
    }

    static func write(_ lines: [String], to path: String, gzipped: Bool = true) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let text = Array((lines.joined(separator: "\n") + "\n").utf8)
        try Data(gzipped ? gzip(text) : text).write(to: URL(fileURLWithPath: path))
    }

    static func row(_ source: String, _ index: String, _ tokens: [String], _ values: [Double], focus: Int? = nil)
        -> String
    {
        var object: [String: Any] = [
            "modelId": "m", "layer": source, "index": index, "tokens": tokens, "values": values, "creatorId": "x",
        ]
        if let focus {
            object["maxValueTokenIndex"] = focus
            object["maxValue"] = values[focus]
        }
        if index.hasPrefix("#") { object["index"] = Int(index.dropFirst())! }
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    static let hostile = ["<script>", "\"q\"", "\u{1}\u{7}", "\u{202E}rtl", "a\\b", "é🙂"]

    @Test func contextsAreImportedRankedAndDecoded() throws {
        let (database, _) = try EvidencePassTests.makeDatabase()
        try database.sqlite.run("UPDATE sae SET neuronpedia_id = 'm/' || layer || '-res'")
        let folder = try EvidenceFixtures.folder("neuronpedia")
        let tokens = (0..<20).map { "t\($0)" }
        func values(_ peak: Double, at: Int) -> [Double] { (0..<20).map { $0 == at ? peak : 0.1 } }
        try Self.write(
            [
                Self.row("1-res", "2", tokens, values(3, at: 1), focus: 1),  // window clipped at the start
                Self.row("1-res", "#2", tokens, values(5, at: 10)),  // number index, focus = argmax
                Self.row("9-res", "0", tokens, values(9, at: 3)),  // no such SAE here
            ], to: folder + "/m/1-res/activations/batch-0.jsonl.gz")
        try Self.write(
            [
                Self.row("1-res", "2", tokens, values(3, at: 19), focus: 19),  // ties with row 0: later, ranks after
                Self.row("1-res", "2", Self.hostile, [0, 0, 7, 0, 0, 0], focus: 2),
                Self.row("0-res", "3", tokens, values(1, at: 5), focus: 5),
            ], to: folder + "/m/1-res/activations/batch-1.jsonl.gz")
        let summary = try NeuronpediaContexts.run(database: database, folder: folder, top: 3)
        #expect(summary.rows == 6 && summary.matchedRows == 5 && summary.files == 2 && summary.contexts == 4)
        #expect(summary.unknownSources == ["m/9-res"])
        let run = try #require(try database.latestEvidenceRun())
        #expect(run.source == "neuronpedia" && run.id == summary.run)
        let contexts = try database.featureContexts(run: run.id, layer: 1, hookSite: .res, feature: 2)
        #expect(contexts.map(\.activation) == [7, 5, 3])
        #expect(contexts.map(\.rank) == [1, 2, 3])
        #expect(contexts[0].tokens == Self.hostile && contexts[0].focus == 2 && contexts[0].position == 2)
        #expect(contexts[1].tokens == Array(tokens[2...14]) && contexts[1].focus == 8 && contexts[1].sequence == 1)
        #expect(contexts[2].tokens == Array(tokens[0...5]) && contexts[2].focus == 1 && contexts[2].sequence == 0)
        let other = try database.featureContexts(run: run.id, layer: 0, hookSite: .res, feature: 3)
        #expect(other.count == 1 && other[0].tokens[other[0].focus] == "t5")
        #expect(try database.featureActivity(run: run.id, layer: 1, hookSite: .res, feature: 2) == nil)
        let again = try NeuronpediaContexts.run(database: database, folder: folder, top: 3)
        #expect(again.reused && again.run == run.id)
    }

    @Test func malformedExportsNameTheFileAndLine() throws {
        let (database, _) = try EvidencePassTests.makeDatabase()
        func message(_ build: (String) throws -> Void) throws -> String {
            let folder = try EvidenceFixtures.folder("neuronpedia-bad")
            try build(folder)
            do {
                _ = try NeuronpediaContexts.run(database: database, folder: folder)
                return ""
            } catch {
                return "\(error)"
            }
        }
        #expect(try message { _ in }.contains("no SAE of the database has a Neuronpedia id"))
        try database.sqlite.run("UPDATE sae SET neuronpedia_id = 'm/' || layer || '-res'")
        #expect(try message { _ in }.contains("no activations/batch-<i>.jsonl.gz"))
        let good = Self.row("1-res", "0", ["a", "b"], [1, 2])
        let plain = try message { folder in
            try Self.write([good], to: folder + "/activations/batch-0.jsonl.gz", gzipped: false)
        }
        #expect(plain.contains("activations/batch-0.jsonl.gz") && plain.contains("not a readable gzip file"))
        let truncated = try message { folder in
            let path = folder + "/activations/batch-0.jsonl.gz"
            try Self.write([good], to: path)
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            try bytes.prefix(bytes.count - 6).write(to: URL(fileURLWithPath: path))
        }
        #expect(truncated.contains("batch-0.jsonl.gz") && truncated.contains("gzip"))
        let badJSON = try message { folder in
            try Self.write([good, "{\"modelId\": \"m\", "], to: folder + "/activations/batch-3.jsonl.gz")
        }
        #expect(badJSON.contains("batch-3.jsonl.gz") && badJSON.contains("line 2: not a JSON object"))
        let mismatch = try message { folder in
            try Self.write([Self.row("1-res", "0", ["a", "b"], [1])], to: folder + "/activations/batch-0.jsonl.gz")
        }
        #expect(mismatch.contains("line 1: values is not a list of numbers as long as tokens (2)"))
        let outside = try message { folder in
            try Self.write([Self.row("1-res", "4", ["a"], [1])], to: folder + "/activations/batch-0.jsonl.gz")
        }
        #expect(outside.contains("index 4 is outside m/1-res (4 features)"))
        let focus = try message { folder in
            try Self.write(
                [
                    Self.row("1-res", "0", ["a"], [1]).replacingOccurrences(
                        of: "\"modelId\"", with: "\"maxValueTokenIndex\":3,\"modelId\"")
                ],
                to: folder + "/activations/batch-0.jsonl.gz")
        }
        #expect(focus.contains("maxValueTokenIndex 3 is outside the 1 tokens"))
    }
}
