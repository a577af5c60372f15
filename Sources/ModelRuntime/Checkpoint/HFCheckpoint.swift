import FlowCore
import Foundation

/// A Hugging Face checkpoint folder: `config.json` and the weights of `model.safetensors`, or of the
/// shards listed in `model.safetensors.index.json`, memory-mapped (FlowCore's `SafetensorsFile`); F32,
/// F16 and BF16 rows are converted to F32 as the forward pass asks for them.
public struct HFCheckpoint: CheckpointTensors {
    /// The folder.
    public let folder: String
    /// The model's shape, from `config.json`.
    public let config: ModelConfig
    /// Every tensor by name (views into the mapped shards).
    private let tensors: [String: TensorView]

    /// Opens `folder`; errors name the file at fault (config, index or shard).
    public init(folder: String) throws {
        self.folder = folder
        let configPath = folder + "/config.json"
        let config = try HFModelConfig.make(HFModelConfig.object(at: configPath), path: configPath)
        let index = folder + "/model.safetensors.index.json"
        var shards: [String: [String]] = [:]
        if FileManager.default.fileExists(atPath: index) {
            let json = try HFModelConfig.object(at: index)
            guard let map = json["weight_map"] as? [String: Any] else {
                throw CheckpointError(path: index, .badMetadata("weight_map is missing or not an object"))
            }
            for (tensor, value) in map {
                guard let shard = value as? String, !shard.contains("/"), !shard.isEmpty else {
                    throw CheckpointError(path: index, .badMetadata("weight_map entry '\(tensor)' is not a file name"))
                }
                shards[shard, default: []].append(tensor)
            }
        } else {
            shards["model.safetensors"] = []
        }
        var tensors: [String: TensorView] = [:]
        for (shard, listed) in shards.sorted(by: { $0.key < $1.key }) {
            let path = folder + "/" + shard
            let file: SafetensorsFile
            do {
                file = try SafetensorsFile(path: path)
            } catch let error as WeightError {
                throw CheckpointError(error)
            }
            for view in file.tensors {
                guard tensors.updateValue(view, forKey: view.name) == nil else {
                    throw CheckpointError(path: path, .duplicateTensor(view.name))
                }
            }
            for name in listed where tensors[name] == nil { throw CheckpointError(path: path, .missingTensor(name)) }
        }
        if !config.tiedEmbeddings && tensors["lm_head.weight"] == nil {
            // Some exports drop lm_head when it equals the embedding; tie_word_embeddings says otherwise.
            throw CheckpointError(path: folder, .missingTensor("lm_head.weight"))
        }
        if config.tiedEmbeddings { tensors["lm_head.weight"] = nil }
        self.config = config
        self.tensors = tensors
    }

    /// Every tensor name, sorted.
    public var tensorNames: [String] { tensors.keys.sorted() }

    public func contains(_ name: String) -> Bool { tensors[name] != nil }

    private func view(_ name: String) throws -> (TensorView, WeightType) {
        guard let view = tensors[name] else { throw CheckpointError(path: folder, .missingTensor(name)) }
        switch view.dtype {
        case .f32: return (view, .f32)
        case .f16: return (view, .f16)
        case .bf16: return (view, .bf16)
        default:
            throw CheckpointError(path: view.file.path, .unsupportedTensorType(tensor: name, type: view.dtype.rawValue))
        }
    }

    public func matrix(_ name: String) throws -> WeightMatrix {
        let (view, type) = try view(name)
        guard view.shape.count == 2 else {
            throw CheckpointError(
                path: view.file.path, .badShape(tensor: name, shape: view.shape, why: "a matrix needs two dimensions"))
        }
        if let expected = CheckpointShapes.matrix(name, config), expected != view.shape {
            throw CheckpointError(
                path: view.file.path, .badShape(tensor: name, shape: view.shape, why: "the config implies \(expected)"))
        }
        let rows = view.shape[0]
        let columns = view.shape[1]
        let file = view.file
        let offset = view.offset
        let rowBytes = columns * view.dtype.size
        return WeightMatrix(name: name, rows: rows, columns: columns, type: type) { range, out in
            precondition(range.lowerBound >= 0 && range.upperBound <= rows, "rows \(range) outside \(name)")
            guard !range.isEmpty, columns > 0 else { return }
            file.withBytes(offset: offset + range.lowerBound * rowBytes, length: range.count * rowBytes) { raw in
                RowDecoder.decode(type, raw.baseAddress!, count: range.count * columns, into: out)
            }
        }
    }

    public func vector(_ name: String) throws -> [Float] {
        let (view, type) = try view(name)
        guard view.shape.count == 1 else {
            throw CheckpointError(
                path: view.file.path, .badShape(tensor: name, shape: view.shape, why: "a vector needs one dimension"))
        }
        if let expected = CheckpointShapes.vector(name, config), expected != view.shape[0] {
            throw CheckpointError(
                path: view.file.path,
                .badShape(tensor: name, shape: view.shape, why: "the config implies [\(expected)]"))
        }
        var values = [Float](repeating: 0, count: view.shape[0])
        guard !values.isEmpty else { return values }
        view.file.withBytes(offset: view.offset, length: view.byteCount) { raw in
            values.withUnsafeMutableBufferPointer {
                RowDecoder.decode(type, raw.baseAddress!, count: $0.count, into: $0.baseAddress!)
            }
        }
        return values
    }
}
