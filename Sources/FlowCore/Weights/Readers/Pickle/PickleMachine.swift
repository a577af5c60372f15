/// A pickle reader for PyTorch state dicts that never executes anything: it interprets the small set of
/// opcodes `torch.save(state_dict)` writes (protocols 2–5) and builds `PickleValue`s. Names may only be
/// imported from an allow-list (`collections.OrderedDict`, `torch._utils._rebuild_tensor_v2` /
/// `_rebuild_parameter`, the `torch.*Storage` classes), and only the two rebuild functions and an empty
/// `OrderedDict()` may be "called" — each by building a record, not by running code. Any other opcode or
/// name is refused with an error naming the file, the member, the opcode or name and its byte offset.
struct PickleMachine {
    /// The archive (named in errors).
    let path: String
    /// The member holding the pickle (`archive/data.pkl`).
    let member: String
    private let bytes: [UInt8]
    private var position = 0
    private var stack: [PickleValue] = []
    private var marks: [Int] = []
    private var memo: [Int: PickleValue] = [:]
    /// Where the opcode being run starts.
    private var opcodeStart = 0

    /// Storage classes a persistent id may name, and their element types.
    static let storageTypes: [String: TensorDType] = [
        "FloatStorage": .f32, "HalfStorage": .f16, "BFloat16Storage": .bf16, "DoubleStorage": .f64,
        "IntStorage": .i32, "LongStorage": .i64,
    ]
    /// Callables that may be named (besides the storage classes).
    static let callables: Set<String> = [
        "collections OrderedDict", "torch._utils _rebuild_tensor_v2", "torch._utils _rebuild_parameter",
    ]

    /// Deepest nesting of tuples, lists and dicts accepted (a state dict needs 4).
    static let maximumDepth = 32
    /// Largest pickle accepted (a state dict's is a few KB; its tensors live in other members).
    static let maximumSize = 16 << 20

    /// Runs `bytes` to its STOP and returns the value left on the stack.
    static func run(_ bytes: [UInt8], path: String, member: String) throws -> PickleValue {
        guard bytes.count <= maximumSize else {
            throw WeightError(
                path: path, .unsafePickle("'\(member)' is \(bytes.count) bytes; a state dict's pickle is far smaller"))
        }
        var machine = PickleMachine(path: path, member: member, bytes: bytes)
        while try machine.step() {}
        guard machine.stack.count == 1, machine.marks.isEmpty else {
            throw machine.malformed("STOP leaves \(machine.stack.count) values on the stack")
        }
        return machine.stack[0]
    }

    private init(path: String, member: String, bytes: [UInt8]) {
        self.path = path
        self.member = member
        self.bytes = bytes
    }

    // MARK: - Errors

    func refused(_ why: String) -> WeightError {
        WeightError(
            path: path, .unsafePickle("'\(member)' \(why) at byte \(opcodeStart); featureflow runs no pickled code"))
    }

    func malformed(_ why: String) -> WeightError {
        WeightError(path: path, .malformedHeader("pickle '\(member)': \(why) (byte \(opcodeStart))"))
    }

    // MARK: - Reading operands

    private mutating func take(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count >= 0, count <= bytes.count - position else {
            throw WeightError(path: path, .truncated("pickle '\(member)' at byte \(opcodeStart)"))
        }
        defer { position += count }
        return bytes[position..<(position + count)]
    }

    private mutating func unsigned(_ count: Int) throws -> Int {
        try take(count).reversed().reduce(0) { $0 << 8 | Int($1) }
    }

    private mutating func text(_ count: Int) throws -> String {
        let slice = try take(count)
        guard let string = String(validating: slice, as: UTF8.self) else { throw malformed("a string is not UTF-8") }
        return string
    }

    /// A `\n`-terminated line (GLOBAL's operands), at most 256 bytes.
    private mutating func line() throws -> String {
        guard let end = bytes[position...].prefix(257).firstIndex(of: 0x0A) else {
            if bytes.count - position <= 256 {
                throw WeightError(path: path, .truncated("pickle '\(member)' at byte \(opcodeStart)"))
            }
            throw malformed("a GLOBAL name longer than 256 bytes")
        }
        let value = try text(end - position)
        position += 1
        return value
    }

    /// LONG1's little-endian two's-complement integer of `count` bytes (at most 8).
    private mutating func long(_ count: Int) throws -> Int {
        guard count <= 8 else { throw malformed("an integer of \(count) bytes") }
        let slice = try take(count)
        guard let last = slice.last else { return 0 }
        var value = UInt64(0)
        for (index, byte) in slice.enumerated() { value |= UInt64(byte) << (8 * UInt64(index)) }
        if last & 0x80 != 0 && count < 8 { value |= ~UInt64(0) << (8 * UInt64(count)) }
        return Int(Int64(bitPattern: value))
    }

    // MARK: - The stack

    private mutating func pop() throws -> PickleValue {
        guard let value = stack.popLast(), stack.count >= (marks.last ?? 0) else {
            throw malformed("stack underflow")
        }
        return value
    }

    /// The values above the last MARK, removing them and the mark.
    private mutating func popToMark() throws -> [PickleValue] {
        guard let mark = marks.popLast() else { throw malformed("no MARK before a container opcode") }
        defer { stack.removeSubrange(mark...) }
        return Array(stack[mark...])
    }

    private mutating func popTuple(_ count: Int) throws -> PickleValue {
        guard stack.count - count >= (marks.last ?? 0) else { throw malformed("stack underflow") }
        let values = Array(stack.suffix(count))
        stack.removeLast(count)
        return .tuple(values)
    }

    // MARK: - Running

    /// Runs one opcode; false after STOP.
    private mutating func step() throws -> Bool {
        opcodeStart = position
        let opcode = try take(1).first!
        switch opcode {
        case 0x2E: return false  // STOP
        case 0x80:  // PROTO
            let version = try unsigned(1)
            guard (2...5).contains(version) else { throw malformed("pickle protocol \(version)") }
        case 0x95: _ = try take(8)  // FRAME: framing only
        case 0x28: marks.append(stack.count)  // MARK
        default:
            guard try pushValue(opcode) || memoOrContainer(opcode) || call(opcode) else {
                throw refused("uses \(PickleOpcode.describe(opcode)), which a state dict never needs")
            }
        }
        if let last = stack.last, last.depth > Self.maximumDepth {
            throw malformed("containers nested deeper than \(Self.maximumDepth)")
        }
        return true
    }

    /// Opcodes that push a constant or a name.
    private mutating func pushValue(_ opcode: UInt8) throws -> Bool {
        switch opcode {
        case 0x4E: stack.append(.none)
        case 0x88: stack.append(.bool(true))
        case 0x89: stack.append(.bool(false))
        case 0x4A: stack.append(.int(Int(Int32(truncatingIfNeeded: try unsigned(4)))))  // BININT
        case 0x4B: stack.append(.int(try unsigned(1)))  // BININT1
        case 0x4D: stack.append(.int(try unsigned(2)))  // BININT2
        case 0x8A: stack.append(.int(try long(try unsigned(1))))  // LONG1
        case 0x58: stack.append(.string(try text(try unsigned(4))))  // BINUNICODE
        case 0x8C: stack.append(.string(try text(try unsigned(1))))  // SHORT_BINUNICODE
        case 0x8D: stack.append(.string(try text(try unsigned(8))))  // BINUNICODE8
        case 0x63: stack.append(try global(module: try line(), name: try line()))  // GLOBAL
        case 0x93:  // STACK_GLOBAL
            guard case .string(let name) = try pop(), case .string(let module) = try pop() else {
                throw malformed("STACK_GLOBAL needs two strings")
            }
            stack.append(try global(module: module, name: name))
        default: return false
        }
        return true
    }

    /// An allowed name, or a refusal naming it.
    private func global(module: String, name: String) throws -> PickleValue {
        let allowed =
            Self.callables.contains(module + " " + name) || (module == "torch" && Self.storageTypes[name] != nil)
        guard allowed else {
            throw refused(
                "imports '\(module.prefix(80)) \(name.prefix(80))' (only collections.OrderedDict, "
                    + "torch._utils._rebuild_tensor_v2/_rebuild_parameter and torch storage types are allowed)")
        }
        return .global(module: module, name: name)
    }

    /// Memo, tuple, list and dict opcodes.
    private mutating func memoOrContainer(_ opcode: UInt8) throws -> Bool {
        switch opcode {
        case 0x71: memo[try unsigned(1)] = try top()  // BINPUT
        case 0x72: memo[try unsigned(4)] = try top()  // LONG_BINPUT
        case 0x94: memo[memo.count] = try top()  // MEMOIZE
        case 0x68, 0x6A:  // BINGET, LONG_BINGET
            let index = try unsigned(opcode == 0x68 ? 1 : 4)
            guard let value = memo[index] else { throw malformed("memo \(index) is empty") }
            stack.append(value)
        case 0x29: stack.append(.tuple([]))  // EMPTY_TUPLE
        case 0x74: stack.append(.tuple(try popToMark()))  // TUPLE
        case 0x85, 0x86, 0x87: stack.append(try popTuple(Int(opcode - 0x84)))  // TUPLE1/2/3
        case 0x5D: stack.append(.list([], depth: 1))  // EMPTY_LIST
        case 0x7D: stack.append(.dict(PickleDict()))  // EMPTY_DICT
        case 0x61: try append([try pop()])  // APPEND
        case 0x65: try append(try popToMark())  // APPENDS
        case 0x73:  // SETITEM
            let value = try pop()
            try setItems([try pop(), value])
        case 0x75: try setItems(try popToMark())  // SETITEMS
        default: return false
        }
        return true
    }

    private func top() throws -> PickleValue {
        guard let value = stack.last else { throw malformed("stack underflow") }
        return value
    }

    /// APPEND(S): the list on top of the stack, taken off while it changes so that it is changed in place.
    private mutating func append(_ values: [PickleValue]) throws {
        guard case .list(var items, let depth) = try top() else { throw malformed("APPEND to \(try top().kind)") }
        stack[stack.count - 1] = .none
        items += values
        stack[stack.count - 1] = .list(items, depth: max(depth, PickleValue.depth(of: values)))
    }

    /// SETITEM(S): the dict on top of the stack, changed in place the same way.
    private mutating func setItems(_ pairs: [PickleValue]) throws {
        guard pairs.count % 2 == 0 else { throw malformed("SETITEMS with an odd number of values") }
        guard case .dict(var dict) = try top() else { throw malformed("SETITEM on \(try top().kind)") }
        stack[stack.count - 1] = .none
        for index in stride(from: 0, to: pairs.count, by: 2) { dict.set(pairs[index], pairs[index + 1]) }
        stack[stack.count - 1] = .dict(dict)
    }

    /// BINPERSID, REDUCE and BUILD: only on the allowed names, each building a record.
    private mutating func call(_ opcode: UInt8) throws -> Bool {
        switch opcode {
        case 0x51: stack.append(.storage(try storage(try pop())))  // BINPERSID
        case 0x52:  // REDUCE
            let arguments = try pop()
            let callable = try pop()
            guard case .tuple(let values, _) = arguments else { throw malformed("REDUCE arguments are not a tuple") }
            stack.append(try reduce(callable, values))
        case 0x62:  // BUILD: only an OrderedDict's attributes (a state dict's `_metadata`), which are dropped
            let state = try pop()
            guard case .dict = try top() else { throw refused("uses BUILD on \(try top().kind)") }
            _ = state
        default: return false
        }
        return true
    }

    /// A persistent id `('storage', torch.XStorage, key, location, numel)`.
    private func storage(_ id: PickleValue) throws -> TorchStorageRecord {
        guard case .tuple(let fields, _) = id, fields.count == 5, case .string("storage") = fields[0],
            case .global("torch", let typeName) = fields[1], let dtype = Self.storageTypes[typeName],
            case .string(let key) = fields[2], case .int(let count) = fields[4], count >= 0
        else { throw malformed("a persistent id that is not ('storage', torch.<Type>Storage, key, location, size)") }
        return TorchStorageRecord(dtype: dtype, key: key, count: count)
    }

    /// The allowed calls: `OrderedDict()`, `_rebuild_tensor_v2(storage, offset, size, stride, …)`,
    /// `_rebuild_parameter(tensor, …)`.
    private func reduce(_ callable: PickleValue, _ arguments: [PickleValue]) throws -> PickleValue {
        switch callable {
        case .global("collections", "OrderedDict") where arguments.isEmpty:
            return .dict(PickleDict())
        case .global("torch._utils", "_rebuild_tensor_v2") where (4...7).contains(arguments.count):
            guard case .storage(let storage) = arguments[0], case .int(let offset) = arguments[1], offset >= 0,
                let shape = Self.integers(arguments[2]), let strides = Self.integers(arguments[3]),
                shape.count == strides.count
            else { throw malformed("_rebuild_tensor_v2 with arguments that are not (storage, offset, size, stride)") }
            return .tensor(TorchTensorRecord(storage: storage, offset: offset, shape: shape, strides: strides))
        case .global("torch._utils", "_rebuild_parameter") where !arguments.isEmpty:
            guard case .tensor = arguments[0] else { throw malformed("_rebuild_parameter without a tensor") }
            return arguments[0]
        default:
            throw refused("uses REDUCE on \(callable.kind) with \(arguments.count) argument(s)")
        }
    }

    /// A tuple of non-negative ints.
    private static func integers(_ value: PickleValue) -> [Int]? {
        guard case .tuple(let items, _) = value else { return nil }
        var result: [Int] = []
        for item in items {
            guard case .int(let number) = item, number >= 0 else { return nil }
            result.append(number)
        }
        return result
    }
}
