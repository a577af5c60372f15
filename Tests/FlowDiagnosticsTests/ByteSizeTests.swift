import FlowDiagnostics
import Testing

/// Byte sizes in decimal units with one decimal place (the strings `inspect` and `synth` print).
@Suite struct ByteSizeTests {
    @Test func unitsStepByAThousand() {
        #expect(ByteSize.string(0) == "0 B")
        #expect(ByteSize.string(999) == "999 B")
        #expect(ByteSize.string(1000) == "1.0 kB")
        #expect(ByteSize.string(12_345) == "12.3 kB")
        #expect(ByteSize.string(4_000_000) == "4.0 MB")
        #expect(ByteSize.string(Int64(1_250_000_000)) == "1.2 GB")
        #expect(ByteSize.string(Int64(3_400_000_000_000)) == "3.4 TB")
        #expect(ByteSize.string(Int64(5_000_000_000_000_000)) == "5000.0 TB")
    }
}
