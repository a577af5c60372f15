/// Compact canonical JSON written by hand, for the types written once per feature page (`CanonicalJSONWritable`):
/// the same bytes as `CanonicalJSON.data(_:)` gives through `Encodable`, several times faster. Writers emit keys in
/// the canonical order (UTF-8 byte order) themselves; tests compare the result with `JSONEncoder`. The generic helpers
/// are `@inlinable`, so each writer gets them specialised for its own element types.
public struct CanonicalJSONBuffer {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []
    private var needsComma = false

    /// An empty buffer.
    public init() { bytes.reserveCapacity(8192) }

    /// Writes `{`, calls `body`, writes `}`.
    public mutating func object(_ body: (inout CanonicalJSONBuffer) -> Void) {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
        body(&self)
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    /// Writes `[`, calls `body`, writes `]`.
    public mutating func array(_ body: (inout CanonicalJSONBuffer) -> Void) {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
        body(&self)
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// An array of `items`, each written by `body`.
    @inlinable
    public mutating func array<S: Sequence>(_ items: S, _ body: (inout CanonicalJSONBuffer, S.Element) -> Void) {
        array { buffer in
            for item in items { body(&buffer, item) }
        }
    }

    /// Writes the member name `key` (the next value belongs to it). Keys must come in UTF-8 byte order.
    public mutating func key(_ key: String) {
        separate()
        CanonicalJSONEncoder.appendQuoted(key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// A dictionary as an object, keys sorted by their UTF-8 bytes.
    @inlinable
    public mutating func object<Value>(_ members: [String: Value], _ body: (inout CanonicalJSONBuffer, Value) -> Void) {
        object { buffer in
            for key in members.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                buffer.key(key)
                body(&buffer, members[key]!)
            }
        }
    }

    /// A string value.
    public mutating func string(_ value: String) {
        separate()
        CanonicalJSONEncoder.appendQuoted(value, to: &bytes)
        needsComma = true
    }

    /// An integer value.
    public mutating func int(_ value: Int) { raw(String(value)) }

    /// A float value, written as `JSONEncoder` writes it.
    public mutating func float(_ value: Float) { raw(CanonicalJSONEncoder.float(value)) }

    /// A Boolean value.
    public mutating func bool(_ value: Bool) { raw(value ? "true" : "false") }

    /// `key` and a string, left out when `value` is nil (as `encodeIfPresent` does).
    public mutating func member(_ key: String, ifPresent value: String?) {
        guard let value else { return }
        self.key(key)
        string(value)
    }

    /// `key` and a float, left out when `value` is nil.
    public mutating func member(_ key: String, ifPresent value: Float?) {
        guard let value else { return }
        self.key(key)
        float(value)
    }

    /// `key` and a value written by `value`'s own writer, left out when nil.
    @inlinable
    public mutating func member<T: CanonicalJSONWritable>(_ key: String, ifPresent value: T?) {
        guard let value else { return }
        self.key(key)
        value.writeJSON(to: &self)
    }

    /// `key` and a value written by its own writer.
    @inlinable
    public mutating func member<T: CanonicalJSONWritable>(_ key: String, _ value: T) {
        self.key(key)
        value.writeJSON(to: &self)
    }

    private mutating func raw(_ text: String) {
        separate()
        bytes.append(contentsOf: text.utf8)
        needsComma = true
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }
}
