import CVectorKernels

/// A GGUF file as a checkpoint: its `llama.*` / `gemma2.*` metadata as a `ModelConfig`, its tensors under
/// Hugging Face names, llama.cpp's Q/K row order undone for Llama (a row permutation applied while
/// decoding) and Gemma 2's baked-in `+1` on norm gains removed. Rows are decoded from the mapped file
/// on demand.
public struct GGUFCheckpoint: CheckpointTensors {
    /// The parsed file.
    public let file: GGUFFile
    /// The model's shape, from the metadata.
    public let config: ModelConfig
    /// GGUF name of every tensor, by its Hugging Face name.
    private let names: [String: String]

    /// Opens and checks `path`.
    public init(path: String) throws {
        try self.init(file: GGUFFile(path: path))
    }

    /// A checkpoint over an opened file.
    public init(file: GGUFFile) throws {
        self.file = file
        let config = try GGUFModelConfig.make(file)
        var names: [String: String] = [:]
        for tensor in file.tensors {
            names[GGUFTensorNames.huggingFace(tensor.name, architecture: config.architecture)] = tensor.name
        }
        self.names = names
        self.config = config
    }

    /// Every tensor's Hugging Face name, sorted.
    public var tensorNames: [String] { names.keys.sorted() }

    public func contains(_ name: String) -> Bool { names[name] != nil }

    private func fail(_ reason: CheckpointError.Reason) -> CheckpointError { CheckpointError(path: file.path, reason) }

    private func info(_ name: String) throws -> (GGUFTensorInfo, WeightType) {
        guard let ggufName = names[name], let info = file.tensor(ggufName) else { throw fail(.missingTensor(name)) }
        guard let type = info.type.weightType else {
            throw fail(.unsupportedTensorType(tensor: info.name, type: info.type.name))
        }
        return (info, type)
    }

    public func matrix(_ name: String) throws -> WeightMatrix {
        let (info, type) = try info(name)
        let dims = info.dimensions
        guard dims.count >= 2, dims.dropFirst(2).allSatisfy({ $0 == 1 }) else {
            throw fail(.badShape(tensor: info.name, shape: dims, why: "a matrix needs two dimensions"))
        }
        let rows = dims[1]
        let columns = dims[0]
        if let expected = CheckpointShapes.matrix(name, config), expected != [rows, columns] {
            throw fail(.badShape(tensor: info.name, shape: [rows, columns], why: "the config implies \(expected)"))
        }
        var heads = 0
        if config.architecture == .llama {
            if name.hasSuffix(".self_attn.q_proj.weight") { heads = config.headCount }
            if name.hasSuffix(".self_attn.k_proj.weight") { heads = config.keyValueHeadCount }
        }
        if heads > 0 && (rows % heads != 0 || (rows / heads) % 2 != 0) {
            throw fail(
                .badShape(tensor: info.name, shape: dims, why: "rows do not split into \(heads) even-sized heads"))
        }
        return GGUFCheckpoint.rows(
            of: info, type: type, in: file, name: name, rows: rows, columns: columns, ropeHeads: heads)
    }

    /// A matrix whose row `r` is decoded from stored row `r`, or, with `ropeHeads` > 0, from the row
    /// llama.cpp moved it to: within each head of width `h`, HF row `a·h/2 + i` is GGUF row `2i + a`.
    static func rows(
        of info: GGUFTensorInfo, type: WeightType, in file: GGUFFile, name: String, rows: Int, columns: Int,
        ropeHeads: Int
    ) -> WeightMatrix {
        let mapped = file.file
        let offset = info.fileOffset
        let length = info.byteCount
        let rowBytes = info.type.rowBytes(columns: columns)
        let headWidth = ropeHeads > 0 ? rows / ropeHeads : 0
        let halfWidth = headWidth / 2
        var matrix = WeightMatrix(name: name, rows: rows, columns: columns, type: type) { range, out in
            precondition(range.lowerBound >= 0 && range.upperBound <= rows, "rows \(range) outside \(name)")
            guard !range.isEmpty, columns > 0 else { return }
            mapped.withBytes(offset: offset, length: length) { raw in
                let base = raw.baseAddress!
                var target = out
                for row in range {
                    var source = row
                    if headWidth > 0 {
                        let within = row % headWidth
                        source = row - within + 2 * (within % halfWidth) + within / halfWidth
                    }
                    RowDecoder.decode(type, base + source * rowBytes, count: columns, into: target)
                    target += columns
                }
            }
        }
        if let kernel = StoredRowDot.kernel(type) {
            matrix.rowDot = { range, x, out in
                guard !range.isEmpty else { return }
                mapped.withBytes(offset: offset, length: length) { raw in
                    ff_rows_dot(
                        kernel, raw.baseAddress!.assumingMemoryBound(to: UInt8.self), rowBytes, range.lowerBound,
                        range.count, headWidth, x, columns, out)
                }
            }
        }
        return matrix
    }

    public func vector(_ name: String) throws -> [Float] {
        let (info, type) = try info(name)
        guard info.dimensions.dropFirst().allSatisfy({ $0 == 1 }) else {
            throw fail(.badShape(tensor: info.name, shape: info.dimensions, why: "a vector needs one dimension"))
        }
        let count = info.dimensions[0]
        if let expected = CheckpointShapes.vector(name, config), expected != count {
            throw fail(.badShape(tensor: info.name, shape: [count], why: "the config implies [\(expected)]"))
        }
        var values = [Float](repeating: 0, count: count)
        if count > 0 {
            file.withBytes(of: info) { raw in
                values.withUnsafeMutableBufferPointer {
                    RowDecoder.decode(type, raw.baseAddress!, count: count, into: $0.baseAddress!)
                }
            }
        }
        // llama.cpp's converter stores Gemma's norm gains as 1 + w; the runtime expects Hugging Face's w.
        if config.architecture == .gemma2 && info.name.hasSuffix("norm.weight") {
            for index in values.indices { values[index] -= 1 }
        }
        return values
    }
}
