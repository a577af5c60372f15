import Testing

@testable import FlowCore

/// Every small fixture truncated at every byte boundary and with single-bit flips: each mutation either
/// loads or throws a located error naming the file — never a crash, a hang or an unlocated error.
@Suite struct MutationTests {
    /// Config and manifest errors may name a companion file (the weights a config describes).
    static func isStrict(_ input: MalformedInput) -> Bool {
        !["cfg.json", "hyperparams.json", "manifest"].contains(input.name)
    }

    @Test(arguments: MalformedInput.all())
    func validFixtureLoads(_ input: MalformedInput) {
        defer { input.remove() }
        #expect(input.check(input.bytes) == nil)
        W.write(input.bytes, to: input.targetPath)
        #expect(throws: Never.self) { try input.load(input.folder) }
    }

    @Test(arguments: MalformedInput.all())
    func truncatedAtEveryByte(_ input: MalformedInput) {
        defer { input.remove() }
        var failures: [String] = []
        for length in 0..<input.bytes.count {
            if let why = input.check(Array(input.bytes.prefix(length)), strict: Self.isStrict(input)) {
                failures.append("cut at \(length): \(why)")
            }
        }
        #expect(failures.isEmpty, "\(failures.prefix(5))")
    }

    /// Bit `(position × 3) mod 8` of every byte; all eight bits of the first 32 bytes (headers, magic, lengths).
    @Test(arguments: MalformedInput.all())
    func singleBitFlips(_ input: MalformedInput) {
        defer { input.remove() }
        var failures: [String] = []
        for position in input.bytes.indices {
            let bits = position < 32 ? Array(0..<8) : [(position * 3) % 8]
            for bit in bits {
                var mutated = input.bytes
                mutated[position] ^= 1 << UInt8(bit)
                if let why = input.check(mutated, strict: Self.isStrict(input)) {
                    failures.append("bit \(bit) of byte \(position): \(why)")
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.prefix(5))")
    }

    typealias W = FixtureWriter
}

extension MalformedInput: CustomTestStringConvertible {
    var testDescription: String { name }
}
