import FlowCore

@testable import ModelRuntime

/// Writes GGUF files byte by byte for the malformed-input tests (every field settable, nothing checked).
struct CheckpointGGUFBuilder {
    /// One tensor info: name, ggml dims, type id, offset into the data section.
    struct Tensor {
        var name: String
        var dims: [UInt64]
        var type: UInt32
        var offset: UInt64
    }

    var magic: [UInt8] = Array("GGUF".utf8)
    var version: UInt32 = 3
    /// Metadata entries already encoded: key, type id, value bytes.
    var metadata: [(String, UInt32, [UInt8])] = []
    var tensors: [Tensor] = []
    /// Overrides the declared counts when set (absurd-count tests).
    var tensorCount: UInt64?
    var metadataCount: UInt64?
    /// Bytes of the data section.
    var data: [UInt8] = []

    static func u32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
    static func u64(_ value: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
    static func string(_ text: String) -> [UInt8] { u64(UInt64(text.utf8.count)) + Array(text.utf8) }
    static func f32(_ value: Float) -> [UInt8] { u32(value.bitPattern) }

    mutating func add(_ key: String, u32 value: UInt32) { metadata.append((key, 4, Self.u32(value))) }
    mutating func add(_ key: String, f32 value: Float) { metadata.append((key, 6, Self.f32(value))) }
    mutating func add(_ key: String, string value: String) { metadata.append((key, 8, Self.string(value))) }
    mutating func add(_ key: String, strings: [String]) {
        metadata.append((key, 9, Self.u32(8) + Self.u64(UInt64(strings.count)) + strings.flatMap(Self.string)))
    }
    mutating func add(_ key: String, i32s: [Int32]) {
        metadata.append(
            (key, 9, Self.u32(5) + Self.u64(UInt64(i32s.count)) + i32s.flatMap { Self.u32(UInt32(bitPattern: $0)) }))
    }

    /// A valid one-layer Llama (d 32, 2 heads, d_ff 32, vocab 4), every tensor F32, without tensors yet.
    static func tinyLlama() -> CheckpointGGUFBuilder {
        var builder = CheckpointGGUFBuilder()
        builder.add("general.architecture", string: "llama")
        builder.add("llama.block_count", u32: 1)
        builder.add("llama.embedding_length", u32: 32)
        builder.add("llama.feed_forward_length", u32: 32)
        builder.add("llama.attention.head_count", u32: 2)
        builder.add("llama.attention.layer_norm_rms_epsilon", f32: 1e-5)
        builder.add("llama.vocab_size", u32: 4)
        return builder
    }

    /// Appends an F32 tensor of ggml dims `dims` whose values are 0, 1, 2, …, 32-byte aligned.
    mutating func addF32(_ name: String, _ dims: [UInt64]) {
        while data.count % 32 != 0 { data.append(0) }
        let offset = UInt64(data.count)
        let count = dims.reduce(1, *)
        for index in 0..<count { data += Self.f32(Float(index)) }
        tensors.append(Tensor(name: name, dims: dims, type: 0, offset: offset))
    }

    /// The file's bytes.
    var bytes: [UInt8] {
        var out = magic + Self.u32(version)
        out += Self.u64(tensorCount ?? UInt64(tensors.count)) + Self.u64(metadataCount ?? UInt64(metadata.count))
        for (key, type, value) in metadata { out += Self.string(key) + Self.u32(type) + value }
        for tensor in tensors {
            out += Self.string(tensor.name) + Self.u32(UInt32(tensor.dims.count)) + tensor.dims.flatMap(Self.u64)
            out += Self.u32(tensor.type) + Self.u64(tensor.offset)
        }
        while out.count % 32 != 0 { out.append(0) }
        return out + data
    }

    /// Parses the bytes in memory as `name`.
    func open(_ name: String = "test.gguf") throws -> GGUFCheckpoint {
        try GGUFCheckpoint(file: GGUFFile(file: MappedFile(bytes: bytes, path: name)))
    }
}
