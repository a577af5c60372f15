import Foundation

/// Writes a safetensors file tensor by tensor, streaming the data (for the runtime benchmarks'
/// exported and random checkpoints): an 8-byte little-endian header size, the JSON header padded
/// with spaces to a multiple of 8, then each tensor's bytes in order.
enum SafetensorsWriter {
    /// One tensor's header entry.
    struct Entry {
        let name: String
        /// `F32` or `BF16`.
        let dtype: String
        let shape: [Int]
        var byteCount: Int { shape.reduce(1, *) * (dtype == "F32" ? 4 : 2) }
    }

    /// Writes `entries` to `url`; `body(i, handle)` appends tensor `i`'s `byteCount` bytes.
    static func write(_ entries: [Entry], to url: URL, body: (Int, FileHandle) throws -> Void) throws {
        var header = "{"
        var offset = 0
        for (i, entry) in entries.enumerated() {
            let shape = entry.shape.map(String.init).joined(separator: ",")
            header +=
                (i == 0 ? "" : ",")
                + "\"\(entry.name)\":{\"dtype\":\"\(entry.dtype)\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(offset + entry.byteCount)]}"
            offset += entry.byteCount
        }
        header += "}"
        while header.utf8.count % 8 != 0 { header += " " }
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var size = UInt64(header.utf8.count).littleEndian
        try handle.write(contentsOf: Data(bytes: &size, count: 8))
        try handle.write(contentsOf: Data(header.utf8))
        for i in entries.indices { try body(i, handle) }
    }

    /// Writes F32 tensors held in memory.
    static func write(_ tensors: [(name: String, shape: [Int], values: [Float])], to url: URL) throws {
        let entries = tensors.map { Entry(name: $0.name, dtype: "F32", shape: $0.shape) }
        try write(entries, to: url) { i, handle in
            try tensors[i].values.withUnsafeBytes { try handle.write(contentsOf: Data($0)) }
        }
    }
}
