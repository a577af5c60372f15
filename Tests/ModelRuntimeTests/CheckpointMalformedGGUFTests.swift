import FlowCore
import Foundation
import Testing

@testable import ModelRuntime

/// Truncated and hostile GGUF files: every one is a `CheckpointError` naming the file, never a crash.
@Suite struct CheckpointMalformedGGUFTests {
    typealias B = CheckpointGGUFBuilder

    /// Opens `bytes` as a checkpoint and reads every tensor; returns the error's reason (nil when it loaded).
    static func load(_ bytes: [UInt8], name: String = "bad.gguf") throws -> CheckpointError.Reason? {
        do {
            let checkpoint = try GGUFCheckpoint(file: GGUFFile(file: MappedFile(bytes: bytes, path: name)))
            for tensor in checkpoint.file.tensors {
                let hf = GGUFTensorNames.huggingFace(tensor.name, architecture: checkpoint.config.architecture)
                if tensor.dimensions.dropFirst().allSatisfy({ $0 == 1 }) {
                    _ = try checkpoint.vector(hf)
                } else {
                    _ = try checkpoint.matrix(hf).floats()
                }
            }
            return nil
        } catch let error as CheckpointError {
            #expect(error.path == name)
            #expect(error.description.hasPrefix(name + ": "))
            return error.reason
        }
    }

    /// A valid file with two tensors.
    static func valid() -> B {
        var builder = B.tinyLlama()
        builder.addF32("blk.0.attn_norm.weight", [32])
        builder.addF32("blk.0.ffn_up.weight", [32, 32])
        return builder
    }

    @Test func theValidBuilderFileLoads() throws {
        #expect(try Self.load(Self.valid().bytes) == nil)
        let checkpoint = try Self.valid().open()
        #expect(try checkpoint.vector("model.layers.0.input_layernorm.weight") == (0..<32).map(Float.init))
        let up = try checkpoint.matrix("model.layers.0.mlp.up_proj.weight").floats()
        #expect(up == (0..<1024).map(Float.init))
    }

    @Test func everyTruncationOfTheFixtureIsALocatedError() throws {
        let bytes = CheckpointFixtures.bytes("tiny-llama.gguf")
        for length in 0..<bytes.count {
            let reason = try Self.load(Array(bytes[..<length]))
            #expect(reason != nil, "a file cut at \(length) bytes loaded")
        }
    }

    @Test func byteFlipsInTheHeaderNeverCrash() throws {
        let bytes = CheckpointFixtures.bytes("tiny-llama.gguf")
        let file = try GGUFFile(file: MappedFile(bytes: bytes, path: "x"))
        // Deterministic: every header byte set to 0xFF, then to 0x00, then incremented.
        for position in 0..<file.dataOffset {
            for value in [UInt8(0xFF), 0x00, bytes[position] &+ 1, 0x7F] {
                var mutated = bytes
                mutated[position] = value
                _ = try Self.load(mutated)
            }
        }
    }

    @Test func handMadeHostileHeadersNameTheProblem() throws {
        var builder = Self.valid()
        builder.magic = Array("GGUG".utf8)
        #expect(try Self.load(builder.bytes) == .badMagic)

        builder = Self.valid()
        builder.version = 4
        #expect(try Self.load(builder.bytes) == .unsupportedVersion(4))

        builder = Self.valid()
        builder.tensorCount = UInt64.max
        #expect(try Self.load(builder.bytes) == .absurdCount(what: "tensor", count: UInt64.max))

        builder = Self.valid()
        builder.metadataCount = 1 << 40
        #expect(try Self.load(builder.bytes) == .absurdCount(what: "metadata", count: 1 << 40))

        builder = Self.valid()
        builder.metadata.append(("general.x", 13, [0]))
        #expect(try Self.load(builder.bytes) == .unknownValueType(key: "general.x", type: 13))

        builder = Self.valid()
        builder.metadata.append(("general.x", 9, B.u32(8) + B.u64(1 << 50)))
        #expect(try Self.load(builder.bytes) == .absurdCount(what: "metadata 'general.x'", count: 1 << 50))

        builder = Self.valid()
        builder.metadata.append(("general.x", 8, B.u64(1 << 62)))
        #expect(try Self.load(builder.bytes) == .truncated("metadata 'general.x'"))

        builder = Self.valid()
        builder.add("llama.block_count", u32: 2)
        #expect(try Self.load(builder.bytes) == .duplicateKey("llama.block_count"))

        builder = Self.valid()
        builder.tensors[1].type = 99
        #expect(try Self.load(builder.bytes) == .unknownTensorType(tensor: "blk.0.ffn_up.weight", type: 99))

        builder = Self.valid()
        builder.tensors[1].type = 6  // Q5_0: known, not decoded (32 × 32 Q5_0 = 704 bytes fit in the data)
        #expect(try Self.load(builder.bytes) == .unsupportedTensorType(tensor: "blk.0.ffn_up.weight", type: "Q5_0"))

        builder = Self.valid()
        builder.tensors[1].offset += 4
        #expect(
            try Self.load(builder.bytes)
                == .badOffset(tensor: "blk.0.ffn_up.weight", why: "offset 132 is not aligned to 32"))

        builder = Self.valid()
        builder.tensors[1].offset = 0
        #expect(
            try Self.load(builder.bytes)
                == .badOffset(tensor: "blk.0.ffn_up.weight", why: "its bytes overlap tensor 'blk.0.attn_norm.weight'"))

        builder = Self.valid()
        builder.tensors[1].dims = [32, 1 << 30]
        #expect(
            try Self.load(builder.bytes)
                == .badOffset(
                    tensor: "blk.0.ffn_up.weight", why: "its [32, 1073741824] values run past the end of the file"))

        builder = Self.valid()
        builder.tensors[1].dims = [32, 33]
        #expect(
            try Self.load(builder.bytes)
                == .badOffset(tensor: "blk.0.ffn_up.weight", why: "its bytes run past the end of the file (truncated?)")
        )

        builder = Self.valid()
        builder.tensors[1].dims = [32, 16]
        #expect(
            try Self.load(builder.bytes)
                == .badShape(tensor: "blk.0.ffn_up.weight", shape: [16, 32], why: "the config implies [32, 32]"))

        builder = Self.valid()
        builder.tensors[1].dims = [32, 32, 1, 1, 1]
        #expect(
            try Self.load(builder.bytes)
                == .badShape(tensor: "blk.0.ffn_up.weight", shape: [], why: "5 dimensions (1 to 4 allowed)"))

        builder = Self.valid()
        builder.tensors.append(builder.tensors[0])
        #expect(try Self.load(builder.bytes) == .duplicateTensor("blk.0.attn_norm.weight"))

        builder = Self.valid()
        builder.metadata[0] = ("general.architecture", 8, B.string("mamba"))
        #expect(try Self.load(builder.bytes) == .unsupportedArchitecture("mamba"))

        builder = Self.valid()
        builder.metadata.remove(at: 1)
        #expect(try Self.load(builder.bytes) == .badMetadata("llama.block_count is missing"))

        builder = Self.valid()
        builder.add("llama.attention.head_count_kv", u32: 3)
        #expect(try Self.load(builder.bytes) == .badMetadata("2 heads do not group over 3 key/value heads"))
    }

    @Test func aMissingFileIsUnreadable() {
        #expect(throws: CheckpointError.self) { try GGUFCheckpoint(path: "/nonexistent/model.gguf") }
    }
}
