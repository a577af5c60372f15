import Foundation

/// Builds safetensors files byte by byte for tests; nothing here uses the code under test, so the files
/// are an independent oracle.
public enum SafetensorsBytes {
    /// A safetensors file: tensors back to back in the given order, optional `__metadata__`, header padded
    /// with spaces to a multiple of 8 unless `pad` is false (legacy writers).
    public static func file(_ tensors: [SafetensorsTensor], metadata: [String: String]? = nil, pad: Bool = true)
        -> [UInt8]
    {
        var entries: [String] = []
        if let metadata {
            let pairs = metadata.keys.sorted().map { "\"\($0)\":\"\(metadata[$0]!)\"" }
            entries.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
        }
        var offset = 0
        var data: [UInt8] = []
        for tensor in tensors {
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            entries.append(
                "\"\(tensor.name)\":{\"dtype\":\"\(tensor.dtype)\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(offset + tensor.bytes.count)]}"
            )
            offset += tensor.bytes.count
            data += tensor.bytes
        }
        return file(header: "{" + entries.joined(separator: ",") + "}", data: data, pad: pad)
    }

    /// A safetensors file of F32 tensors given as (name, shape, values).
    public static func f32(_ tensors: [(String, [Int], [Float])]) -> [UInt8] {
        file(tensors.map { SafetensorsTensor.f32($0.0, $0.1, $0.2) })
    }

    /// A safetensors file from a literal header (for malformed fixtures).
    public static func file(header: String, data: [UInt8], pad: Bool = true) -> [UInt8] {
        var text = header
        if pad { while text.utf8.count % 8 != 0 { text += " " } }
        return LittleEndian.u64(UInt64(text.utf8.count)) + Array(text.utf8) + data
    }

    /// Writes `bytes` to `path`, creating parent folders.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let parent = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }
}
