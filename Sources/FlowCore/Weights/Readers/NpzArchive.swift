/// A `.npz` (zip of `.npy` members) opened in place: STORED members are views into the mapped file
/// (zero-copy, CRC not checked so opening stays instant); DEFLATE members are inflated and CRC-checked
/// (`ZipArchive`).
public struct NpzArchive: Sendable {
    /// The file's path.
    public var path: String { file.path }
    /// The mapped archive.
    public let file: MappedFile
    /// Arrays by member name without `.npy`, in central-directory order.
    public let arrays: [TensorView]

    /// Maps and indexes `path`.
    public init(path: String) throws {
        try self.init(file: MappedFile(path: path))
    }

    /// Indexes an already mapped (or in-memory) archive.
    public init(file: MappedFile) throws {
        self.file = file
        let archive = try ZipArchive(file: file)
        var arrays: [TensorView] = []
        var names = Set<String>()
        for entry in archive.entries where !entry.name.hasSuffix("/") {
            let name = entry.name.hasSuffix(".npy") ? String(entry.name.dropLast(4)) : entry.name
            let (memory, offset, length) = try archive.contents(of: entry)
            let header = try NpyHeader.parse(in: memory, at: offset, length: length, name: name)
            let array = try header.view(in: memory, at: offset, length: length, name: name)
            // numpy never writes a name twice; a second copy would silently shadow or be shadowed.
            guard names.insert(array.name).inserted else {
                throw WeightError(path: file.path, .duplicateTensor(array.name))
            }
            arrays.append(array)
        }
        self.arrays = arrays
    }

    /// The array called `name` (member name without `.npy`), compared case-insensitively as SAELens does.
    public func array(_ name: String) throws -> TensorView {
        guard let view = arrayIfPresent(name) else { throw WeightError(path: path, .missingTensor(name)) }
        return view
    }

    /// The array called `name`, or nil.
    public func arrayIfPresent(_ name: String) -> TensorView? {
        arrays.first { $0.name == name } ?? arrays.first { $0.name.lowercased() == name.lowercased() }
    }
}
