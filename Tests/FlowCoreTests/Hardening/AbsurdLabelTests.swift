import Foundation
import Testing

@testable import FlowCore

/// Label files that are bombs or nonsense: a gzip bomb refused by the size limit, nesting bombs, huge indices.
@Suite struct AbsurdLabelTests {
    func write(_ name: String, _ bytes: [UInt8]) -> String {
        let path = FixtureWriter.temporaryFolder("labels") + "/" + name
        FixtureWriter.write(bytes, to: path)
        return path
    }

    /// The reasons of every problem `LabelSet.load` reports.
    func reasons(_ paths: [String], limit: Int = LabelSet.sizeLimit) -> [LabelError.Reason] {
        do {
            _ = try LabelSet.load(paths: paths, limit: limit)
            return []
        } catch let list as ProblemList {
            return list.problems.map { ($0 as? LabelError)?.reason ?? .unreadable("not a LabelError: \($0)") }
        } catch {
            return [.unreadable("not a ProblemList: \(error)")]
        }
    }

    /// A gzip member whose fixed-Huffman DEFLATE block repeats "length 258, distance 1" `runs` times after one
    /// zero byte: 13 bits of input per 258 bytes of output.
    static func gzipBomb(runs: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        var accumulator = 0
        var count = 0
        func bits(_ value: Int, _ length: Int) {  // LSB first (header fields, extra bits)
            accumulator |= value << count
            count += length
            while count >= 8 {
                bytes.append(UInt8(accumulator & 0xFF))
                accumulator >>= 8
                count -= 8
            }
        }
        func code(_ value: Int, _ length: Int) {  // Huffman codes are stored MSB first
            for shift in (0..<length).reversed() { bits((value >> shift) & 1, 1) }
        }
        bits(1, 1)  // BFINAL
        bits(1, 2)  // fixed Huffman
        code(0x30, 8)  // literal 0
        for _ in 0..<runs {
            code(0xC5, 8)  // length code 285 = 258
            code(0, 5)  // distance code 0 = 1
        }
        code(0, 7)  // end of block
        if count > 0 { bytes.append(UInt8(accumulator & 0xFF)) }
        let size = 1 + 258 * runs
        return [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF] + bytes + FixtureWriter.u32(0)
            + FixtureWriter.u32(UInt32(truncatingIfNeeded: size))
    }

    @Test func gzipBombIsRefusedByTheLimit() {
        let bomb = Self.gzipBomb(runs: 40_000)  // ~65 KB inflating to ~10 MB
        #expect(bomb.count < 70_000)
        let path = write("batch-0.jsonl.gz", bomb)
        #expect(reasons([path], limit: 1 << 20) == [.tooLarge(limit: 1 << 20)])
        // A plain file over the limit is refused before it is read.
        let plain = write("big.jsonl", [UInt8](repeating: 0x20, count: 2048))
        #expect(reasons([plain], limit: 1024) == [.tooLarge(limit: 1024)])
    }

    @Test func nestingBombsAndHugeIndicesAreRowProblems() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let lines = [
            #"{"layer":"1-x-res","index":"99999999999999999999999","description":"d"}"#,
            #"{"layer":"1-x-res","index":1e300,"description":"d"}"#,
            #"{"layer":"1-x-res","index":"1","description":\#(deep)}"#,
            #"{"layer":"99999999999999999999-x-res","index":"1","description":"d"}"#,
        ]
        let path = write("batch-0.jsonl", Array(lines.joined(separator: "\n").utf8))
        #expect(
            reasons([path]) == [
                .badIndex("99999999999999999999999"), .badIndex("(not an integer)"), .notJSON,
                .unknownSource("99999999999999999999-x-res"),
            ])
        let csv = write("l.csv", Array("99999999999999999999,res,1,a\n1,res,-1,b\n1,xyz,1,c\n\"unterminated".utf8))
        #expect(
            reasons([csv]) == [
                .badCSVRow("layer `99999999999999999999`"), .badCSVRow("index `-1`"),
                .badCSVRow("site `xyz` (res, mlp or att)"), .badCSVRow("1 fields"),
            ])
    }
}
