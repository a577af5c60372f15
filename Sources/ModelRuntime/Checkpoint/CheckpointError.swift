import FlowCore

/// A problem reading a model checkpoint (GGUF file or Hugging Face folder): the file, and what is wrong.
public typealias CheckpointError = LocatedFailure<CheckpointReason>

/// What went wrong.
public enum CheckpointReason: FailureReason {
    /// The file or folder could not be read (the system's explanation).
    case unreadable(String)
    /// The file ends inside a structure it declares (what was being read).
    case truncated(String)
    /// The file does not start with the GGUF magic.
    case badMagic
    /// A GGUF version other than 2 or 3.
    case unsupportedVersion(UInt32)
    /// A metadata value type id outside the GGUF specification.
    case unknownValueType(key: String, type: UInt32)
    /// A count (tensors, metadata, array elements, string bytes, dimensions) that cannot fit in the file.
    case absurdCount(what: String, count: UInt64)
    /// A metadata key declared twice.
    case duplicateKey(String)
    /// A tensor name declared twice.
    case duplicateTensor(String)
    /// A ggml tensor type id the reader does not know.
    case unknownTensorType(tensor: String, type: UInt32)
    /// A known tensor type the runtime cannot decode (e.g. IQ2_XXS).
    case unsupportedTensorType(tensor: String, type: String)
    /// A tensor shape that is invalid (overflow, not a whole number of blocks, wrong rank).
    case badShape(tensor: String, shape: [Int], why: String)
    /// A tensor offset that is misaligned, overlaps another tensor or lies outside the file.
    case badOffset(tensor: String, why: String)
    /// A tensor the model needs is absent.
    case missingTensor(String)
    /// A required metadata / config key is absent or holds a wrong value.
    case badMetadata(String)
    /// A model family the runtime does not run.
    case unsupportedArchitecture(String)
    /// A path that is neither a `.gguf` file nor a folder with `config.json`.
    case unrecognised(String)

    /// What is wrong, in one sentence, without the path.
    public var message: String {
        switch self {
        case .unreadable(let why): return "cannot read: \(why)"
        case .truncated(let what): return "file is truncated (ends inside \(what))"
        case .badMagic: return "not a GGUF file (the magic 'GGUF' is missing)"
        case .unsupportedVersion(let version): return "GGUF version \(version) is not supported (2 or 3 expected)"
        case .unknownValueType(let key, let type): return "metadata '\(key)' has unknown value type \(type)"
        case .absurdCount(let what, let count): return "\(what) count \(count) cannot fit in the file"
        case .duplicateKey(let key): return "metadata key '\(key)' is declared twice"
        case .duplicateTensor(let name): return "tensor '\(name)' is declared twice"
        case .unknownTensorType(let tensor, let type): return "tensor '\(tensor)' has unknown ggml type \(type)"
        case .unsupportedTensorType(let tensor, let type):
            return "tensor '\(tensor)' has type \(type), which the runtime cannot decode"
        case .badShape(let tensor, let shape, let why): return "tensor '\(tensor)' has shape \(shape): \(why)"
        case .badOffset(let tensor, let why): return "tensor '\(tensor)': \(why)"
        case .missingTensor(let name): return "required tensor '\(name)' is missing"
        case .badMetadata(let why): return "bad metadata: \(why)"
        case .unsupportedArchitecture(let name):
            return "architecture '\(name)' is not supported (llama and gemma2 are)"
        case .unrecognised(let why): return why
        }
    }
}

extension LocatedFailure where Reason == CheckpointReason {
    /// Wraps a FlowCore weight error (safetensors) so checkpoint callers see one error type.
    init(_ error: WeightError) {
        self.init(path: error.path, .unreadable(error.message))
    }
}
