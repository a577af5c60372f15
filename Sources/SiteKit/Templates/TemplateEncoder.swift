/// Turns a typed page model (an `Encodable` struct per template) into the context the templates read: structs become
/// `[String: Any]` keyed by their coding keys, arrays `[Any]`, numbers and Bools stay as they are, `HTMLFragment`s
/// pass through, and every other string is `SiteText.sanitized` on the way. A nil optional is left out (a template
/// then looks the name up in the enclosing context, as Mustache does for a missing key).
enum TemplateEncoder {
    /// The template context of `model`.
    static func context(_ model: some Encodable) -> Any {
        if let fragment = model as? HTMLFragment { return fragment }
        if let text = model as? String { return SiteText.sanitized(text) }
        let encoder = Encoding()
        // The encoding below never throws: containers accept every value.
        try? model.encode(to: encoder)
        return encoder.value ?? [String: Any]()
    }

    /// The context of a struct model, as a dictionary.
    static func dictionary(_ model: some Encodable) -> [String: Any] {
        context(model) as? [String: Any] ?? [:]
    }

    /// Collects one value.
    final class Encoding: Encoder {
        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }
        /// A keyed container's values, an unkeyed container's elements, or a single value.
        var fields: [String: Any]?
        var elements: [Any]?
        var single: Any?

        var value: Any? { fields ?? elements ?? single }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            if fields == nil { fields = [:] }
            return KeyedEncodingContainer(Keyed<Key>(encoding: self))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            if elements == nil { elements = [] }
            return Unkeyed(encoding: self)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { Single(encoding: self) }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let encoding: Encoding
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil(forKey key: Key) {}
        mutating func encode(_ value: Bool, forKey key: Key) { encoding.fields?[key.stringValue] = value }
        mutating func encode(_ value: Int, forKey key: Key) { encoding.fields?[key.stringValue] = value }
        mutating func encode(_ value: String, forKey key: Key) {
            encoding.fields?[key.stringValue] = SiteText.sanitized(value)
        }
        mutating func encode(_ value: some Encodable, forKey key: Key) {
            encoding.fields?[key.stringValue] = TemplateEncoder.context(value)
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
            -> KeyedEncodingContainer<NestedKey>
        {
            preconditionFailure("page models encode nested values as values")
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            preconditionFailure("page models encode nested values as values")
        }
        mutating func superEncoder() -> any Encoder { encoding }
        mutating func superEncoder(forKey key: Key) -> any Encoder { encoding }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let encoding: Encoding
        var codingPath: [any CodingKey] { [] }
        var count: Int { encoding.elements?.count ?? 0 }

        mutating func encodeNil() {}
        mutating func encode(_ value: Bool) { encoding.elements?.append(value) }
        mutating func encode(_ value: Int) { encoding.elements?.append(value) }
        mutating func encode(_ value: String) { encoding.elements?.append(SiteText.sanitized(value)) }
        mutating func encode(_ value: some Encodable) { encoding.elements?.append(TemplateEncoder.context(value)) }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
            -> KeyedEncodingContainer<NestedKey>
        {
            preconditionFailure("page models encode nested values as values")
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            preconditionFailure("page models encode nested values as values")
        }
        mutating func superEncoder() -> any Encoder { encoding }
    }

    struct Single: SingleValueEncodingContainer {
        let encoding: Encoding
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil() {}
        mutating func encode(_ value: Bool) { encoding.single = value }
        mutating func encode(_ value: Int) { encoding.single = value }
        mutating func encode(_ value: String) { encoding.single = SiteText.sanitized(value) }
        mutating func encode(_ value: some Encodable) { encoding.single = TemplateEncoder.context(value) }
    }
}
