import Testing

@testable import Codecs

@Suite struct CodecsTests {
    @Test func sha256OfKnownVectors() {
        #expect(
            [UInt8]().withUnsafeBytes { SHA256.hex(of: $0) }
                == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            Array("abc".utf8).withUnsafeBytes { SHA256.hex(of: $0) }
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    /// Raw DEFLATE of "hello hello hello\n" as written by zlib (level 6, wbits -15).
    static let helloDeflated: [UInt8] = [0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0x57, 0xc8, 0x40, 0x90, 0x5c, 0x00]

    @Test func inflatesRawDeflate() throws {
        let out = try Self.helloDeflated.withUnsafeBytes { try Inflater.inflateRaw($0, expectedSize: 18) }
        #expect(String(decoding: out, as: UTF8.self) == "hello hello hello\n")
    }

    @Test func refusesWrongDeclaredSizeAndTruncation() {
        #expect(throws: Inflater.Failure.self) {
            try Self.helloDeflated.withUnsafeBytes { try Inflater.inflateRaw($0, expectedSize: 10) }
        }
        #expect(throws: Inflater.Failure.self) {
            try Self.helloDeflated.withUnsafeBytes { try Inflater.inflateRaw($0, expectedSize: 30) }
        }
        #expect(throws: Inflater.Failure.self) {
            try Array(Self.helloDeflated.prefix(5)).withUnsafeBytes { try Inflater.inflateRaw($0, expectedSize: 18) }
        }
        #expect(!Inflater.isPlausible(compressedSize: 100, declaredSize: 1 << 40))
    }
}
