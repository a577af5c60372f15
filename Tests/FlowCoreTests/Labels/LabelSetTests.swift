import Foundation
import Testing

@testable import FlowCore

@Suite struct LabelSetTests {
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ff-labels-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    func id(_ text: String) -> FeatureID { FeatureID(parsing: text)! }

    @Test func readsNeuronpediaRowsWithStringAndNumberIndices() throws {
        let jsonl = """
            {"modelId":"gemma-2-2b","layer":"24-gemmascope-res-16k","index":"14548","description":"legal <b>cites</b> & \\"quotes\\"","explanationModelName":"gpt-4o-mini","typeName":"oai_token-act-pair"}
            {"modelId":"gemma-2-2b","layer":"24-gemmascope-res-16k","index":14548,"description":"second opinion","explanationModelName":"gemini"}

            {"modelId":"gemma-2-2b","layer":"3-gemmascope-mlp-16k","index":"7","description":"عربى 🙂"}
            """
        let labels = try LabelSet.load(paths: [try write("batch-0.jsonl", Array(jsonl.utf8))])
        #expect(labels[id("24/res/14548")].map(\.text) == ["legal <b>cites</b> & \"quotes\"", "second opinion"])
        #expect(labels[id("24/res/14548")].first?.explainer == "gpt-4o-mini")
        #expect(labels[id("3/mlp/7")].first?.text == "عربى 🙂")
        #expect(labels[id("3/mlp/7")].first?.source == "batch-0.jsonl")
        #expect(labels.count == 2)
    }

    @Test func readsGzippedJSONL() throws {
        // gzip of {"layer":"2-x-att","index":"1","description":"d"}\n (Python gzip, mtime 0).
        let text = "{\"layer\":\"2-x-att\",\"index\":\"1\",\"description\":\"d\"}\n"
        let gz = try #require(GzipFixture.compressStored(Array(text.utf8)))
        let labels = try LabelSet.load(paths: [try write("batch-0.jsonl.gz", gz)])
        #expect(labels[id("2/att/1")].map(\.text) == ["d"])
    }

    @Test func readsCSVWithQuotes() throws {
        let csv = "layer,site,index,label\n1,res,2,\"a, \"\"quoted\"\"\nlabel\"\n0,mlp,5,plain\n"
        let labels = try LabelSet.load(paths: [try write("labels.csv", Array(csv.utf8))])
        #expect(labels[id("1/res/2")].map(\.text) == ["a, \"quoted\"\nlabel"])
        #expect(labels[id("0/mlp/5")].map(\.text) == ["plain"])
    }

    @Test func reportsEveryProblemWithItsLine() throws {
        let jsonl = """
            {"layer":"1-x-res","index":"1","description":"fine"}
            not json
            {"layer":"1-x-res","description":"no index"}
            {"layer":"nonsense","index":"1","description":"x"}
            {"layer":"1-x-res","index":"-4","description":"x"}
            """
        let path = try write("e.jsonl", Array(jsonl.utf8))
        let csvPath = try write("l.csv", Array("1,res,2\n1,resid,2,x\n".utf8))
        do {
            _ = try LabelSet.load(paths: [path, csvPath, "/nonexistent/labels.csv"])
            Issue.record("expected problems")
        } catch let list as ProblemList {
            let lines = list.problems.map(\.description)
            #expect(lines.count == 7)
            #expect(lines[0] == "\(path):2: not a JSON object (expected one Neuronpedia explanation per line)")
            #expect(lines[1] == "\(path):3: missing field `index`")
            #expect(lines[2].hasPrefix("\(path):4: cannot tell layer and site from source `nonsense`"))
            #expect(lines[3] == "\(path):5: feature index `-4` is not a non-negative integer")
            #expect(lines[4] == "\(csvPath):1: bad CSV row: 3 fields (expected layer,site,index,label)")
            #expect(lines[5].hasPrefix("\(csvPath):2: bad CSV row: site `resid`"))
            #expect(lines[6].hasPrefix("/nonexistent/labels.csv: cannot read labels"))
        }
    }

    @Test func explicitSourceMapWins() throws {
        let jsonl = "{\"layer\":\"weird-name\",\"index\":\"3\",\"description\":\"x\"}\n"
        let labels = try LabelSet.load(
            paths: [try write("b.jsonl", Array(jsonl.utf8))], sources: ["weird-name": (5, .att)])
        #expect(labels[id("5/att/3")].count == 1)
    }
}

/// Builds gzip files in tests: a STORED deflate block (no compression) with a real CRC-32.
enum GzipFixture {
    static func compressStored(_ data: [UInt8]) -> [UInt8]? {
        guard data.count < 65_536 else { return nil }
        var out: [UInt8] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]
        let n = UInt16(data.count)
        out += [1, UInt8(n & 0xff), UInt8(n >> 8), UInt8(~n & 0xff), UInt8(~n >> 8)]
        out += data
        let crc = crc32(data)
        for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8((crc >> UInt32(shift)) & 0xff)) }
        for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8((UInt32(data.count) >> UInt32(shift)) & 0xff)) }
        return out
    }

    static func crc32(_ data: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xffff_ffff
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (0xedb8_8320 & (0 &- (crc & 1))) }
        }
        return ~crc
    }
}
