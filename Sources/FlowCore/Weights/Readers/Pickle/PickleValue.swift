/// A value built by `PickleMachine`: only what a PyTorch state dict holds. Values, not references: a memoised
/// container that is changed later keeps its old contents in the memo (a state dict never reads it back),
/// and no cycle can form. Containers record their nesting depth so that the machine can bound it.
indirect enum PickleValue {
    case none
    case bool(Bool)
    case int(Int)
    case string(String)
    case tuple([PickleValue], depth: Int)
    case list([PickleValue], depth: Int)
    case dict(PickleDict)
    /// A name from the allow-list (`torch FloatStorage`), never called except as listed in `PickleMachine`.
    case global(module: String, name: String)
    /// A tensor storage named by a persistent id.
    case storage(TorchStorageRecord)
    /// A tensor rebuilt by `torch._utils._rebuild_tensor_v2`.
    case tensor(TorchTensorRecord)

    /// A tuple of `items`.
    static func tuple(_ items: [PickleValue]) -> PickleValue { .tuple(items, depth: depth(of: items)) }

    /// Containers nested inside this value, itself included (0 for scalars).
    var depth: Int {
        switch self {
        case .tuple(_, let depth), .list(_, let depth): return depth
        case .dict(let dict): return dict.depth
        default: return 0
        }
    }

    /// The depth of a container holding `items`.
    static func depth(of items: [PickleValue]) -> Int { 1 + (items.map(\.depth).max() ?? 0) }

    /// A short description for error messages.
    var kind: String {
        switch self {
        case .none: return "None"
        case .bool: return "a bool"
        case .int: return "an int"
        case .string: return "a string"
        case .tuple: return "a tuple"
        case .list: return "a list"
        case .dict: return "a dict"
        case .global(let module, let name): return "'\(module) \(name)'"
        case .storage: return "a storage"
        case .tensor: return "a tensor"
        }
    }
}

/// A pickled dict, keys in insertion order (an `OrderedDict` state dict keeps its order).
struct PickleDict {
    /// Keys in insertion order (a repeated string key replaces the earlier value in place).
    private(set) var keys: [PickleValue] = []
    /// The value of each key.
    private(set) var values: [PickleValue] = []
    /// Containers nested inside, the dict included.
    private(set) var depth: Int = 1
    private var stringIndex: [String: Int] = [:]

    /// Sets `key` to `value`.
    mutating func set(_ key: PickleValue, _ value: PickleValue) {
        depth = max(depth, 1 + max(key.depth, value.depth))
        if case .string(let name) = key, let index = stringIndex[name] {
            values[index] = value
            return
        }
        if case .string(let name) = key { stringIndex[name] = keys.count }
        keys.append(key)
        values.append(value)
    }
}

/// A storage a persistent id names: `('storage', torch.FloatStorage, '0', 'cpu', numel)`.
struct TorchStorageRecord: Equatable {
    /// Element type from the storage class.
    var dtype: TensorDType
    /// The member name under `data/`.
    var key: String
    /// Elements the storage holds.
    var count: Int
}

/// A tensor over a storage: element offset, shape and element strides (`_rebuild_tensor_v2`).
struct TorchTensorRecord: Equatable {
    /// The storage.
    var storage: TorchStorageRecord
    /// Offset of element 0, in elements.
    var offset: Int
    /// Shape (`[]` for a scalar).
    var shape: [Int]
    /// Stride of each dimension, in elements.
    var strides: [Int]
}
