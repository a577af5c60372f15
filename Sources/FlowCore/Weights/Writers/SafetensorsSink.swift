import Foundation

/// Receives one tensor's values at a time for `SafetensorsWriter`, converts them to the tensor's dtype and
/// buffers the bytes (to a file, or to memory when there is no file). Counts what it receives.
public final class SafetensorsSink {
    private let handle: FileHandle?
    private let path: String?
    private var buffer: [UInt8] = []
    private var current: SafetensorsTensorSpec?
    private var received = 0
    /// Everything appended, when writing to memory.
    public private(set) var memory: [UInt8] = []
    private static let flushThreshold = 8 << 20
    private static let chunkValues = 1 << 20

    init(handle: FileHandle?, path: String?) {
        self.handle = handle
        self.path = path
    }

    /// Appends values (row-major) to the current tensor.
    public func append(_ values: ArraySlice<Float>) throws {
        guard let tensor = current else { return }
        received += values.count
        guard received <= tensor.elementCount else {
            throw SyntheticError(
                path: path, .tensorSizeMismatch(name: tensor.name, expected: tensor.elementCount, received: received))
        }
        // Encode in chunks so a 150 MB decoder never has several full-size copies alive at once.
        var start = values.startIndex
        while start < values.endIndex {
            let end = min(values.endIndex, start + Self.chunkValues)
            try appendBytes(tensor.dtype.encode(values[start..<end]))
            start = end
        }
    }

    /// Appends values (row-major) to the current tensor.
    public func append(_ values: [Float]) throws { try append(values[...]) }

    func begin(_ tensor: SafetensorsTensorSpec) throws {
        current = tensor
        received = 0
    }

    func end() throws {
        if let tensor = current, received != tensor.elementCount {
            throw SyntheticError(
                path: path, .tensorSizeMismatch(name: tensor.name, expected: tensor.elementCount, received: received))
        }
        current = nil
    }

    func appendBytes(_ bytes: [UInt8]) throws {
        guard handle != nil else { return memory += bytes }
        buffer += bytes
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    func flush() throws {
        guard let handle, !buffer.isEmpty else { return }
        do {
            try handle.write(contentsOf: Data(buffer))
        } catch {
            throw SyntheticError(path: path, .io("write failed: \(error.localizedDescription)"))
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
