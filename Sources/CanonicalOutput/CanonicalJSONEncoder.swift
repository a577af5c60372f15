/// A small `Encoder` writing the compact form of `CanonicalJSON` without Foundation's `JSONEncoder`: the same bytes
/// (keys sorted by their UTF-8 bytes, `/` not escaped, floats as their shortest `description` without a trailing
/// `.0`, non-finite floats as the strings `inf`, `-inf`, `nan`, nil optionals left out) at a fraction of the cost.
/// Tests compare it with `JSONEncoder` byte for byte.
final class CanonicalJSONEncoder: Encoder {
    /// A value being built: scalars hold their finished JSON text.
    final class Node {
        enum Kind { case scalar, array, object }
        var kind: Kind
        var text: String
        var items: [Node] = []
        var members: [String: Node] = [:]

        init(scalar text: String) {
            kind = .scalar
            self.text = text
        }

        init(_ kind: Kind) {
            self.kind = kind
            text = ""
        }
    }

    var codingPath: [CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    /// What the value encoded itself as (nil until it encodes something).
    var node: Node?

    init(codingPath: [CodingKey] = []) { self.codingPath = codingPath }

    /// `value` as compact canonical JSON bytes.
    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4096)
        write(try node(for: value, codingPath: []), into: &bytes)
        return bytes
    }

    /// The tree of `value`, with the scalar types JSON writes specially handled directly.
    static func node<T: Encodable>(for value: T, codingPath: [CodingKey]) throws -> Node {
        switch value {
        case let text as String: return Node(scalar: quoted(text))
        case let number as Int: return Node(scalar: String(number))
        case let number as Float: return Node(scalar: float(number))
        case let number as Double: return Node(scalar: float(number))
        case let flag as Bool: return Node(scalar: flag ? "true" : "false")
        default:
            let encoder = CanonicalJSONEncoder(codingPath: codingPath)
            try value.encode(to: encoder)
            return encoder.node ?? Node(.object)
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let object: Node
        if let node, node.kind == .object {
            object = node
        } else {
            object = Node(.object)
            node = object
        }
        return KeyedEncodingContainer(KeyedContainer<Key>(object: object, codingPath: codingPath))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer {
        let array: Node
        if let node, node.kind == .array {
            array = node
        } else {
            array = Node(.array)
            node = array
        }
        return UnkeyedContainer(array: array, codingPath: codingPath)
    }

    func singleValueContainer() -> SingleValueEncodingContainer { SingleValueContainer(encoder: self) }

    // MARK: - Writing

    static func write(_ node: Node, into bytes: inout [UInt8]) {
        switch node.kind {
        case .scalar:
            bytes.append(contentsOf: node.text.utf8)
        case .array:
            bytes.append(UInt8(ascii: "["))
            for (i, item) in node.items.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                write(item, into: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object:
            bytes.append(UInt8(ascii: "{"))
            let keys = node.members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (i, key) in keys.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                appendQuoted(key, to: &bytes)
                bytes.append(UInt8(ascii: ":"))
                write(node.members[key]!, into: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// A float as `JSONEncoder` writes it: its shortest round-trip `description` without a trailing `.0`.
    static func float<F: BinaryFloatingPoint & CustomStringConvertible>(_ value: F) -> String {
        guard value.isFinite else { return value.isNaN ? "\"nan\"" : (value < 0 ? "\"-inf\"" : "\"inf\"") }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }

    /// `text` as a JSON string literal.
    static func quoted(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 2)
        appendQuoted(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `text` quoted: `"` and `\` escaped, control characters as `\n`, `\t`, … or `\u00xx`. Runs of bytes
    /// that need no escape are copied whole (every key and string of every feature page's JSON goes through here).
    static func appendQuoted(_ text: String, to bytes: inout [UInt8]) {
        let (quote, backslash) = (UInt8(ascii: "\""), UInt8(ascii: "\\"))
        var text = text
        text.withUTF8 { utf8 in
            bytes.append(quote)
            var run = 0
            for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == quote || byte == backslash {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<index]))
                appendEscape(byte, to: &bytes)
                run = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run...]))
            bytes.append(quote)
        }
    }

    /// The escape of one byte `appendQuoted` does not copy: a quote, a backslash or a control character.
    private static func appendEscape(_ byte: UInt8, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        case 0..<0x20:
            for digit in [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex(byte >> 4), hex(byte & 0xF)] {
                bytes.append(digit)
            }
        default: bytes.append(byte)  // `"` and `\` themselves
        }
    }

    /// The lowercase hexadecimal digit of `value` (0…15).
    private static func hex(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }

}
