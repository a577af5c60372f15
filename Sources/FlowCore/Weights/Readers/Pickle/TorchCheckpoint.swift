/// A PyTorch zip checkpoint (`torch.save` of a state dict, e.g. dictionary_learning's `ae.pt`) read without
/// Python: the zip (`<name>/data.pkl`, `<name>/data/<key>`, `<name>/byteorder`, `<name>/version`; every
/// member CRC-checked), the pickle through `PickleMachine` (nothing is executed), and each tensor as a view
/// into its storage member. Only contiguous tensors are accepted.
public struct TorchCheckpoint: Sendable {
    /// The file.
    public let path: String
    /// The state dict's tensors, in the pickle's order.
    public let tensors: [TensorView]

    /// Opens and checks `path`.
    public init(path: String) throws {
        try self.init(archive: ZipArchive(file: MappedFile(path: path)))
    }

    /// Reads an already indexed archive.
    public init(archive: ZipArchive) throws {
        path = archive.file.path
        let pickles = archive.entries.filter { $0.name.hasSuffix("data.pkl") && !$0.name.hasSuffix(".data.pkl") }
        guard pickles.count == 1, let pickle = pickles.first else {
            throw WeightError(
                path: path,
                .malformedHeader(
                    pickles.isEmpty
                        ? "no data.pkl member (not a PyTorch zip checkpoint)"
                        : "\(pickles.count) data.pkl members (one checkpoint per file)"))
        }
        let prefix = String(pickle.name.dropLast("data.pkl".count))
        for entry in archive.entries { _ = try archive.contents(of: entry, verify: true) }
        if let order = archive.entry(prefix + "byteorder") {
            let (file, offset, length) = try archive.contents(of: order)
            let text = String(decoding: try file.bytes(offset: offset, length: length), as: UTF8.self)
            guard text == "little" else {
                throw WeightError(path: path, .unsupportedZip("byteorder '\(text.prefix(16))' (only little-endian)"))
            }
        }
        let (file, offset, length) = try archive.contents(of: pickle)
        let value = try PickleMachine.run(file.bytes(offset: offset, length: length), path: path, member: pickle.name)
        guard case .dict(let dict) = value else {
            throw WeightError(path: path, .malformedHeader("'\(pickle.name)' holds \(value.kind), not a state dict"))
        }
        var tensors: [TensorView] = []
        for (key, item) in zip(dict.keys, dict.values) {
            guard case .string(let name) = key, case .tensor(let record) = item else { continue }
            tensors.append(try Self.view(name: name, record, archive: archive, prefix: prefix))
        }
        self.tensors = tensors
    }

    /// The tensor called `name`, or nil.
    public func tensorIfPresent(_ name: String) -> TensorView? { tensors.first { $0.name == name } }

    /// The view of one tensor record: its storage member must hold exactly the storage's elements, the
    /// tensor must lie inside it and be contiguous (row-major).
    static func view(name: String, _ record: TorchTensorRecord, archive: ZipArchive, prefix: String) throws
        -> TensorView
    {
        let path = archive.file.path
        let storage = record.storage
        let memberName = prefix + "data/" + storage.key
        guard let member = archive.entry(memberName) else {
            throw WeightError(path: path, .malformedHeader("tensor '\(name)': no storage member '\(memberName)'"))
        }
        let size = storage.dtype.size
        guard let expected = TensorView.checkedByteCount(shape: [storage.count], size: size),
            let elements = TensorView.checkedByteCount(shape: record.shape, size: 1)
        else { throw WeightError(path: path, .shapeOverflow(tensor: name, shape: record.shape)) }
        guard member.uncompressedSize == expected else {
            throw WeightError(
                path: path, .sizeMismatch(tensor: name, expected: expected, actual: member.uncompressedSize))
        }
        let contiguous = zip(record.shape, zip(record.strides, TensorView.rowMajorStrides(record.shape))).allSatisfy {
            $0 <= 1 || $1.0 == $1.1
        }
        guard contiguous else {
            throw WeightError(
                path: path,
                .malformedHeader(
                    "tensor '\(name)' has strides \(record.strides) for shape \(record.shape): not contiguous"))
        }
        let (end, overflow) = record.offset.addingReportingOverflow(elements)
        guard !overflow, end <= storage.count else { throw WeightError(path: path, .outOfBounds(tensor: name)) }
        let (file, offset, _) = try archive.contents(of: member)
        return TensorView(
            name: name, dtype: storage.dtype, shape: record.shape, file: file, offset: offset + record.offset * size)
    }
}
