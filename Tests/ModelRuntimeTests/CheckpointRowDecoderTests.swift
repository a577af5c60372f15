import Testing

@testable import ModelRuntime

/// The row decoder's special values and alignment paths (the block formats are checked against the gguf
/// package in CheckpointGGUFTests).
@Suite struct CheckpointRowDecoderTests {
    @Test func everyHalfConvertsLikeTheStandardLibrary() {
        for bits in 0...UInt16.max {
            let expected = Float(Float16(bitPattern: bits))
            let actual = RowDecoder.halfToFloat(bits)
            if expected.isNaN {
                #expect(actual.isNaN, "\(bits)")
            } else {
                #expect(actual.bitPattern == expected.bitPattern, "\(bits)")
            }
        }
    }

    @Test func unalignedF16RowsDecodeLikeAlignedOnes() {
        let halves: [Float16] = [0, -0, 1, -2.5, 65504, .infinity, 6e-8, 0.333]
        var bytes: [UInt8] = [0xAA]
        for value in halves { bytes += [UInt8(value.bitPattern & 0xFF), UInt8(value.bitPattern >> 8)] }
        var out = [Float](repeating: .nan, count: halves.count)
        bytes.withUnsafeBytes { raw in
            out.withUnsafeMutableBufferPointer {
                RowDecoder.decode(.f16, raw.baseAddress! + 1, count: halves.count, into: $0.baseAddress!)
            }
        }
        #expect(out.map(\.bitPattern) == halves.map { Float($0).bitPattern })
    }
}
