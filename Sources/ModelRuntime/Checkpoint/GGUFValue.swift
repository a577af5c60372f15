/// One GGUF metadata value (integers widened, floats as Double; arrays keep their elements).
public enum GGUFValue: Sendable, Equatable {
    /// u8, u16, u32, u64.
    case unsigned(UInt64)
    /// i8, i16, i32, i64.
    case signed(Int64)
    /// f32, f64.
    case float(Double)
    /// bool.
    case bool(Bool)
    /// string (UTF-8; invalid sequences replaced).
    case string(String)
    /// array of any type (nested arrays allowed).
    case array([GGUFValue])

    /// The value as an `Int` when it is an integer that fits.
    public var int: Int? {
        switch self {
        case .unsigned(let value): return Int(exactly: value)
        case .signed(let value): return Int(exactly: value)
        default: return nil
        }
    }

    /// The value as a `Double` when it is a number.
    public var double: Double? {
        switch self {
        case .unsigned(let value): return Double(value)
        case .signed(let value): return Double(value)
        case .float(let value): return value
        default: return nil
        }
    }

    /// The string, when it is one.
    public var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The boolean, when it is one.
    public var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The elements, when it is an array.
    public var array: [GGUFValue]? {
        if case .array(let value) = self { return value }
        return nil
    }
}
