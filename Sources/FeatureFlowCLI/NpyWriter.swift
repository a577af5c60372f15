import Foundation

/// Writes one `.npy` array (version 1.0, little-endian, C order) row block by row block, so a
/// capture never holds a whole hook's activations in memory.
final class NpyWriter {
    /// Element types the capture writes.
    enum Element: String {
        case float32 = "<f4"
        case float16 = "<f2"
        case int32 = "<i4"
    }

    let path: String
    let element: Element
    private let handle: FileHandle

    /// Creates `path` with the header for `shape`.
    init(path: String, element: Element, shape: [Int]) throws {
        self.path = path
        self.element = element
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else { throw RuntimeCommandError(path: path, message: "cannot create the file") }
        self.handle = handle
        let dims = shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? "," : "")
        var header = "{'descr': '\(element.rawValue)', 'fortran_order': False, 'shape': (\(dims)), }"
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
        let length = UInt16(header.utf8.count)
        bytes += [UInt8(length & 0xFF), UInt8(length >> 8)] + Array(header.utf8)
        try handle.write(contentsOf: bytes)
    }

    /// Appends floats (converted to the file's element type).
    func append(_ values: [Float]) throws {
        switch element {
        case .float32:
            try values.withUnsafeBytes { try handle.write(contentsOf: Data($0)) }
        case .float16:
            let halves = values.map { Float16($0).bitPattern.littleEndian }
            try halves.withUnsafeBytes { try handle.write(contentsOf: Data($0)) }
        case .int32:
            let ints = values.map { Int32($0).littleEndian }
            try ints.withUnsafeBytes { try handle.write(contentsOf: Data($0)) }
        }
    }

    /// Appends 32-bit integers.
    func append(_ values: [Int32]) throws {
        try values.map(\.littleEndian).withUnsafeBytes { try handle.write(contentsOf: Data($0)) }
    }

    /// Flushes and closes the file.
    func close() throws { try handle.close() }
}
