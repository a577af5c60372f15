/// A problem reading a weight file, SAE folder or manifest: the file, and what is wrong with it.
public typealias WeightError = LocatedFailure<WeightReason>

/// What went wrong.
public enum WeightReason: FailureReason {
    /// The file could not be opened or mapped (the system's explanation).
    case unreadable(String)
    /// The file ends before a structure it declares (what was being read).
    case truncated(String)
    /// A safetensors header length beyond the file or the 100 MB bound.
    case headerLengthOutOfBounds(declared: UInt64, fileSize: Int)
    /// A header (safetensors JSON, npy dict, zip record, config) that does not parse or has the wrong shape.
    case malformedHeader(String)
    /// A dtype string featureflow does not know.
    case unknownDType(tensor: String, dtype: String)
    /// A known dtype that cannot be converted to F32 here (e.g. `U8`, object arrays).
    case unsupportedDType(tensor: String, dtype: String)
    /// Two tensors with the same name.
    case duplicateTensor(String)
    /// A tensor whose shape has more elements than memory can address (the product overflows).
    case shapeOverflow(tensor: String, shape: [Int])
    /// A tensor's byte range overlaps the previous one.
    case overlappingOffsets(tensor: String, previous: String)
    /// Unused bytes between tensors (or before the first one).
    case hole(before: String, bytes: Int)
    /// Byte count of a tensor differs from shape × dtype size.
    case sizeMismatch(tensor: String, expected: Int, actual: Int)
    /// The data section does not end where the file ends (bytes expected vs present).
    case dataLengthMismatch(expected: Int, actual: Int)
    /// A tensor lies (partly) outside the file.
    case outOfBounds(tensor: String)
    /// A tensor the format requires is absent.
    case missingTensor(String)
    /// A tensor has a shape other than the format requires.
    case wrongShape(tensor: String, expected: [Int], actual: [Int])
    /// A scalar that must be an integer (e.g. a stored `k`) is NaN, infinite or beyond `Int`.
    case notAnInteger(tensor: String, value: String)
    /// A decoder row holds NaN or ±Inf.
    case nonFiniteDecoder(tensor: String, row: Int)
    /// A zip feature the reader does not handle (encryption, a compression method, multi-disk).
    case unsupportedZip(String)
    /// A pickle opcode or imported name outside what a PyTorch state dict uses (nothing is ever run).
    case unsafePickle(String)
    /// A DEFLATE member that does not inflate, or whose CRC-32 differs.
    case corruptMember(member: String, detail: String)
    /// A tensor whose shape disagrees with the width a folder name states (`width_65k` = 65536 latents).
    case folderWidth(tensor: String, folder: String, expected: [Int], actual: [Int])
    /// A tensor stored the other way round: its shape is the expected one reversed (`evidence` says
    /// which other tensors fixed the expected sizes).
    case transposed(tensor: String, expected: [Int], actual: [Int], evidence: String)
    /// A config file that lacks a key or holds a wrong value.
    case badConfig(String)
    /// Two SAEs claim the same layer and site (the other one's path).
    case duplicateSAE(layer: Int, hookSite: HookSite, other: String)
    /// A folder or path whose layout says nothing featureflow can use.
    case unrecognised(String)

    /// What is wrong, in one sentence, without the path.
    public var message: String {
        switch self {
        case .unreadable(let why): return "cannot read: \(why)"
        case .truncated(let what): return "file is truncated (ends inside \(what))"
        case .headerLengthOutOfBounds(let declared, let size):
            return "header length \(declared) runs past the end of the file (\(size) bytes) or the 100 MB bound"
        case .malformedHeader(let why): return "malformed header: \(why)"
        case .unknownDType(let tensor, let dtype): return "tensor '\(tensor)' has unknown dtype '\(dtype)'"
        case .unsupportedDType(let tensor, let dtype):
            return "tensor '\(tensor)' has dtype '\(dtype)', which featureflow cannot read as numbers"
        case .duplicateTensor(let name): return "tensor '\(name)' is declared twice"
        case .shapeOverflow(let tensor, let shape):
            return "tensor '\(tensor)' has shape \(shape), whose size overflows a 64-bit count"
        case .overlappingOffsets(let tensor, let previous):
            return "tensor '\(tensor)' overlaps tensor '\(previous)' (data_offsets)"
        case .hole(let before, let bytes):
            return "\(bytes) unused bytes before tensor '\(before)' (data_offsets leave a hole)"
        case .sizeMismatch(let tensor, let expected, let actual):
            return "tensor '\(tensor)' has \(actual) bytes but its shape and dtype need \(expected)"
        case .dataLengthMismatch(let expected, let actual):
            return "data section should be \(expected) bytes but the file holds \(actual)"
        case .outOfBounds(let tensor): return "tensor '\(tensor)' runs past the end of the file (truncated?)"
        case .missingTensor(let name): return "required tensor '\(name)' is missing"
        case .wrongShape(let tensor, let expected, let actual):
            return "tensor '\(tensor)' has shape \(actual), expected \(expected)"
        case .notAnInteger(let tensor, let value): return "tensor '\(tensor)' holds \(value), not an integer"
        case .nonFiniteDecoder(let tensor, let row): return "decoder '\(tensor)' row \(row) contains NaN or Inf"
        case .unsupportedZip(let why): return "unsupported zip archive: \(why)"
        case .unsafePickle(let why): return "refused pickle: \(why)"
        case .corruptMember(let member, let detail): return "zip member '\(member)' is corrupt: \(detail)"
        case .folderWidth(let tensor, let folder, let expected, let actual):
            return
                "tensor '\(tensor)' has shape \(actual), but the folder name '\(folder)' says \(expected[0]) latents "
                + "(expected \(expected)); the expected size comes from the folder name, so rename the folder or check the file"
        case .transposed(let tensor, let expected, let actual, let evidence):
            return "tensor '\(tensor)' has shape \(actual), expected \(expected) (\(evidence)): it is stored transposed"
        case .badConfig(let why): return "bad config: \(why)"
        case .duplicateSAE(let layer, let hookSite, let other):
            return
                "a second SAE for layer \(layer) \(hookSite.rawValue) (the first is \(other)); keep one or list them in a manifest"
        case .unrecognised(let why): return why
        }
    }
}
