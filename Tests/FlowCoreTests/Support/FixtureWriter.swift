import Foundation
import TestSupport

/// Builds tiny weight files byte by byte (safetensors, npy, numpy-style ZIP64 npz, SAE folders) for tests.
/// Nothing here uses the code under test, so fixtures are an independent oracle.
enum FixtureWriter {
    /// A tensor to write: safetensors dtype name, shape and raw little-endian bytes.
    typealias Tensor = SafetensorsTensor

    /// A fresh empty folder under the system temp directory.
    static func temporaryFolder(_ label: String = "fixture") -> String { TemporaryFolder.create(label) }

    /// Writes `bytes` to `path`, creating parent folders.
    static func write(_ bytes: [UInt8], to path: String) {
        let parent = (path as NSString).deletingLastPathComponent
        try! FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
    }

    /// Writes UTF-8 text to `path`, creating parent folders.
    static func write(_ text: String, to path: String) { write(Array(text.utf8), to: path) }

    static func u16(_ value: Int) -> [UInt8] { LittleEndian.u16(value) }
    static func u32(_ value: UInt32) -> [UInt8] { LittleEndian.u32(value) }
    static func u64(_ value: UInt64) -> [UInt8] { LittleEndian.u64(value) }

    /// Little-endian F32 bytes.
    static func f32(_ values: [Float]) -> [UInt8] { LittleEndian.f32(values) }

    /// Big-endian F32 bytes.
    static func f32BigEndian(_ values: [Float]) -> [UInt8] { values.flatMap { u32($0.bitPattern).reversed() } }

    /// Little-endian BF16 bytes (the top half of the F32 bits).
    static func bf16(_ values: [Float]) -> [UInt8] { LittleEndian.bf16(values) }

    /// A safetensors file (`SafetensorsBytes.file`).
    static func safetensors(_ tensors: [Tensor], metadata: [String: String]? = nil, pad: Bool = true) -> [UInt8] {
        SafetensorsBytes.file(tensors, metadata: metadata, pad: pad)
    }

    /// A safetensors file from a literal header (for malformed fixtures).
    static func safetensors(header: String, data: [UInt8], pad: Bool = true) -> [UInt8] {
        SafetensorsBytes.file(header: header, data: data, pad: pad)
    }

    /// A complete .npy: magic, version, header dict padded to a multiple of 64, data.
    static func npy(descr: String, fortran: Bool = false, shape: [Int], data: [UInt8], major: UInt8 = 1) -> [UInt8] {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '\(descr)', 'fortran_order': \(fortran ? "True" : "False"), 'shape': \(shapeText), }"
        let preamble = major == 1 ? 10 : 12
        while (preamble + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        let length = major == 1 ? u16(header.utf8.count) : u32(UInt32(header.utf8.count))
        return [0x93] + Array("NUMPY".utf8) + [major, 0] + length + Array(header.utf8) + data
    }

    /// A zip member: name, contents, and whether to DEFLATE it (as raw stored blocks).
    struct Member {
        var name: String
        var contents: [UInt8]
        var deflate = false
        /// Write the local-header offset through a ZIP64 central-directory extra (u32 field saturated).
        var zip64Offset = false
    }

    /// A numpy-style zip: version 45 local headers with 0xFFFFFFFF sizes and a 20-byte ZIP64 extra,
    /// correct CRC-32, central directory without extras (except `zip64Offset` members), classic EOCD.
    static func npz(_ members: [Member]) -> [UInt8] {
        var output: [UInt8] = []
        var central: [UInt8] = []
        for member in members {
            let offset = output.count
            let stored = member.deflate ? storedDeflate(member.contents) : member.contents
            let crc = crc32(member.contents)
            let name = Array(member.name.utf8)
            let method = member.deflate ? 8 : 0
            output += u32(0x0403_4b50) + u16(45) + u16(0) + u16(method) + u16(0) + u16(0x21) + u32(crc)
            output += u32(0xFFFF_FFFF) + u32(0xFFFF_FFFF) + u16(name.count) + u16(20) + name
            output += u16(1) + u16(16) + u64(UInt64(member.contents.count)) + u64(UInt64(stored.count))
            output += stored
            let extra: [UInt8] = member.zip64Offset ? u16(1) + u16(8) + u64(UInt64(offset)) : []
            central += u32(0x0201_4b50) + u16(45) + u16(45) + u16(0) + u16(method) + u16(0) + u16(0x21) + u32(crc)
            central += u32(UInt32(stored.count)) + u32(UInt32(member.contents.count)) + u16(name.count)
            central += u16(extra.count) + u16(0) + u16(0) + u16(0) + u32(0)
            central += u32(member.zip64Offset ? 0xFFFF_FFFF : UInt32(offset)) + name + extra
        }
        let directoryOffset = output.count
        output += central
        output += u32(0x0605_4b50) + u16(0) + u16(0) + u16(members.count) + u16(members.count)
        output += u32(UInt32(central.count)) + u32(UInt32(directoryOffset)) + u16(0)
        return output
    }

    /// Raw DEFLATE made of stored (uncompressed) blocks: valid input for any inflater.
    static func storedDeflate(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var start = 0
        repeat {
            let end = min(bytes.count, start + 65_535)
            output.append(end == bytes.count ? 1 : 0)  // BFINAL, BTYPE 00
            output += u16(end - start) + u16(~(end - start) & 0xFFFF) + bytes[start..<end]
            start = end
        } while start < bytes.count
        return output
    }

    /// CRC-32 (IEEE, reflected 0xEDB88320), bit by bit.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    /// Deterministic test values: `W[i][j] = 0.25·i − 0.5·j + 1` (BF16-exact for small sizes).
    static func grid(rows: Int, columns: Int, shift: Float = 0) -> [Float] {
        (0..<rows).flatMap { i in (0..<columns).map { j in 0.25 * Float(i) - 0.5 * Float(j) + 1 + shift } }
    }

    /// The standard SAELens tensors for d_in × d_sae (W_dec from `grid`), plus `threshold` when asked.
    static func saeTensors(dIn: Int, dSAE: Int, threshold: Bool, bf16 decoderInBF16: Bool = false) -> [Tensor] {
        var tensors: [Tensor] = [
            decoderInBF16
                ? .bf16("W_dec", [dSAE, dIn], grid(rows: dSAE, columns: dIn))
                : .f32("W_dec", [dSAE, dIn], grid(rows: dSAE, columns: dIn)),
            .f32("W_enc", [dIn, dSAE], grid(rows: dIn, columns: dSAE, shift: 2)),
            .f32("b_dec", [dIn], [Float](repeating: 0.5, count: dIn)),
            .f32("b_enc", [dSAE], [Float](repeating: -0.5, count: dSAE)),
        ]
        if threshold { tensors.append(.f32("threshold", [dSAE], (0..<dSAE).map { Float($0) * 0.125 })) }
        return tensors
    }

    /// A SAELens folder: `cfg.json` and `sae_weights.safetensors`.
    static func saelensFolder(at folder: String, config: String, tensors: [Tensor]) {
        write(config, to: folder + "/cfg.json")
        write(safetensors(tensors), to: folder + "/sae_weights.safetensors")
    }

    /// A v6 cfg.json.
    static func v6Config(dIn: Int, dSAE: Int, hook: String, architecture: String = "jumprelu", extra: String = "")
        -> String
    {
        """
        {"d_in": \(dIn), "d_sae": \(dSAE), "dtype": "float32", "device": "cpu", "apply_b_dec_to_input": false,
         "normalize_activations": "none", "reshape_activations": "none", "architecture": "\(architecture)"\(extra),
         "metadata": {"model_name": "tiny", "hook_name": "\(hook)", "neuronpedia_id": "tiny/\(hook)",
                      "sae_lens_version": "6.18.0"}}
        """
    }

    /// A Gemma Scope `params.npz` (numpy style) with W_dec from `grid`.
    static func gemmaScopeNpz(dIn: Int, dSAE: Int) -> [UInt8] {
        npz([
            Member(
                name: "W_enc.npy",
                contents: npy(descr: "<f4", shape: [dIn, dSAE], data: f32(grid(rows: dIn, columns: dSAE)))),
            Member(
                name: "W_dec.npy",
                contents: npy(descr: "<f4", shape: [dSAE, dIn], data: f32(grid(rows: dSAE, columns: dIn)))),
            Member(
                name: "b_enc.npy",
                contents: npy(descr: "<f4", shape: [dSAE], data: f32(.init(repeating: 0, count: dSAE)))),
            Member(
                name: "b_dec.npy", contents: npy(descr: "<f4", shape: [dIn], data: f32(.init(repeating: 0, count: dIn)))
            ),
            Member(
                name: "threshold.npy",
                contents: npy(descr: "<f4", shape: [dSAE], data: f32((0..<dSAE).map { Float($0) / 8 }))),
        ])
    }
}
