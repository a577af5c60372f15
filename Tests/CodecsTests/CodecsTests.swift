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

@Suite struct GunzipTests {
    /// Two gzip members: `{"a":1}\n` and `{"b":2}\n` (Python gzip.compress, mtime 0).
    static let twoMembers: [UInt8] = [
        31, 139, 8, 0, 0, 0, 0, 0, 2, 3, 171, 86, 74, 84, 178, 50, 172, 229, 2, 0, 70, 163, 232, 116, 8, 0, 0, 0,
        31, 139, 8, 0, 0, 0, 0, 0, 2, 3, 171, 86, 74, 82, 178, 50, 170, 229, 2, 0, 177, 111, 58, 240, 8, 0, 0, 0,
    ]

    @Test func decompressesConcatenatedMembers() throws {
        let out = try Gunzip.decompress(Self.twoMembers, limit: 100)
        #expect(String(decoding: out, as: UTF8.self) == "{\"a\":1}\n{\"b\":2}\n")
        #expect(Gunzip.isGzip(Self.twoMembers))
    }

    @Test func refusesTruncatedCorruptAndOversized() {
        #expect(throws: Gunzip.Failure.self) { try Gunzip.decompress(Array(Self.twoMembers.prefix(20)), limit: 100) }
        #expect(throws: Gunzip.Failure.self) { try Gunzip.decompress(Array("not gzip".utf8), limit: 100) }
        #expect(throws: Gunzip.Failure.tooLarge(limit: 10)) { try Gunzip.decompress(Self.twoMembers, limit: 10) }
    }
}
