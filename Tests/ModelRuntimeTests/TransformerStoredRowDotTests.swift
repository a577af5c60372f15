import Foundation
import Testing

@testable import ModelRuntime

/// Fused row dot products on stored types, against sums of the values the bytes stand for.
@Suite struct TransformerStoredRowDotTests {
    /// A deterministic byte stream.
    struct Bytes {
        var state: UInt32 = 12345
        mutating func next() -> UInt8 {
            state = state &* 1_664_525 &+ 1_013_904_223
            return UInt8(truncatingIfNeeded: state >> 24)
        }
    }

    static func x(_ count: Int) -> [Float] { (0..<count).map { Float(($0 * 37) % 23) / 11 - 1 } }

    /// Half-precision bits of a float that is exactly representable.
    static func halfBits(_ value: Float) -> [UInt8] {
        let bits = Float16(value).bitPattern
        return [UInt8(bits & 0xFF), UInt8(bits >> 8)]
    }

    static func check(_ type: WeightType, _ row: [UInt8], _ x: [Float], expected: Double, scale: Double) {
        let got = row.withUnsafeBytes { raw in
            x.withUnsafeBufferPointer { StoredRowDot.dot(type, raw.baseAddress!, $0.baseAddress!, count: x.count) }
        }
        #expect(abs(Double(got) - expected) <= 1e-5 * scale, "\(type): \(got) vs \(expected)")
    }

    @Test func q4_1BlocksGiveDTimesQPlusM() {
        var bytes = Bytes()
        let x = Self.x(96)
        var row: [UInt8] = []
        var expected = 0.0
        var scale = 0.0
        for block in 0..<3 {
            let d: Float = [0.0625, 0.001953125, 3.5][block]
            let m: Float = [-0.5, 0.25, -7][block]
            row += Self.halfBits(d) + Self.halfBits(m)
            let packed = (0..<16).map { _ in bytes.next() }
            row += packed
            for j in 0..<16 {
                for (q, index) in [(Int(packed[j] & 0x0F), j), (Int(packed[j] >> 4), j + 16)] {
                    let term = (Double(d) * Double(q) + Double(m)) * Double(x[block * 32 + index])
                    expected += term
                    scale += abs(term)
                }
            }
        }
        Self.check(.q4_1, row, x, expected: expected, scale: scale)
    }

    @Test func q8_0BlocksGiveDTimesSignedQ() {
        var bytes = Bytes()
        let x = Self.x(64)
        var row: [UInt8] = []
        var expected = 0.0
        var scale = 0.0
        for block in 0..<2 {
            let d: Float = [0.03125, -0.0078125][block]
            row += Self.halfBits(d)
            var quants = (0..<32).map { _ in bytes.next() }
            quants[0] = 0x80  // −128
            quants[1] = 0x7F  // 127
            row += quants
            for j in 0..<32 {
                let term = Double(d) * Double(Int8(bitPattern: quants[j])) * Double(x[block * 32 + j])
                expected += term
                scale += abs(term)
            }
        }
        Self.check(.q8_0, row, x, expected: expected, scale: scale)
    }

    @Test func bf16AndF32RowsOfAnyLengthAndAlignment() {
        for count in [1, 7, 8, 13, 64] {
            let x = Self.x(count)
            let weights = (0..<count).map { Float($0 % 9) * 0.375 - 1.5 }
            let expected = zip(weights, x).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            let scale = zip(weights, x).reduce(0.0) { $0 + abs(Double($1.0) * Double($1.1)) }
            // One byte of offset: rows in a file need not be aligned.
            var f32: [UInt8] = [0]
            for value in weights { withUnsafeBytes(of: value.bitPattern.littleEndian) { f32 += $0 } }
            let got = f32.withUnsafeBytes { raw in
                x.withUnsafeBufferPointer {
                    StoredRowDot.dot(.f32, raw.baseAddress! + 1, $0.baseAddress!, count: count)
                }
            }
            #expect(abs(Double(got) - expected) <= 1e-5 * max(scale, 1e-9))
            // These weights are exact in bfloat16 (few mantissa bits).
            var bf16: [UInt8] = [0]
            for value in weights { withUnsafeBytes(of: UInt16(value.bitPattern >> 16).littleEndian) { bf16 += $0 } }
            let gotBF16 = bf16.withUnsafeBytes { raw in
                x.withUnsafeBufferPointer {
                    StoredRowDot.dot(.bf16, raw.baseAddress! + 1, $0.baseAddress!, count: count)
                }
            }
            #expect(abs(Double(gotBF16) - expected) <= 1e-5 * max(scale, 1e-9))
        }
        #expect(StoredRowDot.supports(.q4_1) && !StoredRowDot.supports(.q6_K))
    }

    @Test(arguments: TransformerFixture.names)
    func batchOneStepsThroughRowDotsMatchTheReference(name: String) throws {
        var fixture = try TransformerFixture(name)
        var checkpoint = fixture.checkpoint
        checkpoint.rowDots = true
        let model = try Transformer(checkpoint: checkpoint)
        let v = model.vocabularySize
        let t = fixture.tokens[0].count
        let full = Array(fixture.expected["logits"]![0..<(t * v)])
        let cache = KeyValueCache(config: model.config, capacity: t)
        for p in 0..<t {
            let step = try model.forward([[fixture.tokens[0][p]]], logits: .last, cache: cache).logits
            #expect(TransformerFixture.relativeError(step, Array(full[(p * v)..<((p + 1) * v)])) <= 1e-4)
        }
        fixture = try TransformerFixture(name)
        let plain = try Transformer(checkpoint: fixture.checkpoint)
        let prompt = Array(fixture.tokens[0].prefix(2))
        #expect(
            try model.generate(prompt: prompt, options: SamplingOptions(maxNewTokens: 6))
                == plain.generate(prompt: prompt, options: SamplingOptions(maxNewTokens: 6)))
    }
}
