/// The three container kinds of `CanonicalJSONEncoder`.
extension CanonicalJSONEncoder {
    /// An object's members.
    struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let object: Node
        var codingPath: [CodingKey]

        init(object: Node, codingPath: [CodingKey]) {
            self.object = object
            self.codingPath = codingPath
        }

        mutating func encodeNil(forKey key: Key) throws { object.members[key.stringValue] = Node(scalar: "null") }
        mutating func encode(_ value: Bool, forKey key: Key) throws {
            object.members[key.stringValue] = Node(scalar: value ? "true" : "false")
        }
        mutating func encode(_ value: String, forKey key: Key) throws {
            object.members[key.stringValue] = Node(scalar: CanonicalJSONEncoder.quoted(value))
        }
        mutating func encode(_ value: Int, forKey key: Key) throws {
            object.members[key.stringValue] = Node(scalar: String(value))
        }
        mutating func encode(_ value: Float, forKey key: Key) throws {
            object.members[key.stringValue] = Node(scalar: CanonicalJSONEncoder.float(value))
        }
        mutating func encode(_ value: Double, forKey key: Key) throws {
            object.members[key.stringValue] = Node(scalar: CanonicalJSONEncoder.float(value))
        }
        mutating func encode(_ value: Int8, forKey key: Key) throws { try encodeInteger(value, key) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { try encodeInteger(value, key) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { try encodeInteger(value, key) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { try encodeInteger(value, key) }
        mutating func encode(_ value: UInt, forKey key: Key) throws { try encodeInteger(value, key) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { try encodeInteger(value, key) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { try encodeInteger(value, key) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { try encodeInteger(value, key) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { try encodeInteger(value, key) }

        private func encodeInteger<I: BinaryInteger>(_ value: I, _ key: Key) throws {
            object.members[key.stringValue] = Node(scalar: String(value))
        }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            object.members[key.stringValue] = try CanonicalJSONEncoder.node(for: value, codingPath: codingPath + [key])
        }

        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy keyType: NestedKey.Type, forKey key: Key
        ) -> KeyedEncodingContainer<NestedKey> {
            let nested = Node(.object)
            object.members[key.stringValue] = nested
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(object: nested, codingPath: codingPath + [key]))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
            let nested = Node(.array)
            object.members[key.stringValue] = nested
            return UnkeyedContainer(array: nested, codingPath: codingPath + [key])
        }

        mutating func superEncoder() -> Encoder { superEncoder(key: "super") }

        mutating func superEncoder(forKey key: Key) -> Encoder { superEncoder(key: key.stringValue) }

        private func superEncoder(key: String) -> Encoder {
            let encoder = CanonicalJSONEncoder(codingPath: codingPath)
            let placeholder = Node(.object)
            encoder.node = placeholder
            object.members[key] = placeholder
            return encoder
        }
    }

    /// An array's items.
    struct UnkeyedContainer: UnkeyedEncodingContainer {
        let array: Node
        var codingPath: [CodingKey]
        var count: Int { array.items.count }

        mutating func encodeNil() throws { array.items.append(Node(scalar: "null")) }
        mutating func encode(_ value: Bool) throws { array.items.append(Node(scalar: value ? "true" : "false")) }
        mutating func encode(_ value: String) throws {
            array.items.append(Node(scalar: CanonicalJSONEncoder.quoted(value)))
        }
        mutating func encode(_ value: Int) throws { array.items.append(Node(scalar: String(value))) }
        mutating func encode(_ value: Float) throws {
            array.items.append(Node(scalar: CanonicalJSONEncoder.float(value)))
        }
        mutating func encode(_ value: Double) throws {
            array.items.append(Node(scalar: CanonicalJSONEncoder.float(value)))
        }
        mutating func encode(_ value: Int8) throws { array.items.append(Node(scalar: String(value))) }
        mutating func encode(_ value: Int16) throws { array.items.append(Node(scalar: String(value))) }
        mutating func encode(_ value: Int32) throws { array.items.append(Node(scalar: String(value))) }
        mutating func encode(_ value: Int64) throws { array.items.append(Node(scalar: String(value))) }
        mutating func encode(_ value: UInt) throws { array.items.append(Node(scalar: String(value))) }
        mutating func encode(_ value: UInt8) throws { array.items.append(Node(scalar: String(value))) }
        mutating func encode(_ value: UInt16) throws { array.items.append(Node(scalar: String(value))) }
        mutating func encode(_ value: UInt32) throws { array.items.append(Node(scalar: String(value))) }
        mutating func encode(_ value: UInt64) throws { array.items.append(Node(scalar: String(value))) }
        mutating func encode<T: Encodable>(_ value: T) throws {
            array.items.append(try CanonicalJSONEncoder.node(for: value, codingPath: codingPath))
        }

        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy keyType: NestedKey.Type
        ) -> KeyedEncodingContainer<NestedKey> {
            let nested = Node(.object)
            array.items.append(nested)
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(object: nested, codingPath: codingPath))
        }

        mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
            let nested = Node(.array)
            array.items.append(nested)
            return UnkeyedContainer(array: nested, codingPath: codingPath)
        }

        mutating func superEncoder() -> Encoder {
            let encoder = CanonicalJSONEncoder(codingPath: codingPath)
            let placeholder = Node(.object)
            encoder.node = placeholder
            array.items.append(placeholder)
            return encoder
        }
    }

    /// One value.
    struct SingleValueContainer: SingleValueEncodingContainer {
        let encoder: CanonicalJSONEncoder
        var codingPath: [CodingKey] { encoder.codingPath }

        mutating func encodeNil() throws { encoder.node = Node(scalar: "null") }
        mutating func encode(_ value: Bool) throws { encoder.node = Node(scalar: value ? "true" : "false") }
        mutating func encode(_ value: String) throws { encoder.node = Node(scalar: CanonicalJSONEncoder.quoted(value)) }
        mutating func encode(_ value: Int) throws { encoder.node = Node(scalar: String(value)) }
        mutating func encode(_ value: Float) throws { encoder.node = Node(scalar: CanonicalJSONEncoder.float(value)) }
        mutating func encode(_ value: Double) throws { encoder.node = Node(scalar: CanonicalJSONEncoder.float(value)) }
        mutating func encode(_ value: Int8) throws { encoder.node = Node(scalar: String(value)) }
        mutating func encode(_ value: Int16) throws { encoder.node = Node(scalar: String(value)) }
        mutating func encode(_ value: Int32) throws { encoder.node = Node(scalar: String(value)) }
        mutating func encode(_ value: Int64) throws { encoder.node = Node(scalar: String(value)) }
        mutating func encode(_ value: UInt) throws { encoder.node = Node(scalar: String(value)) }
        mutating func encode(_ value: UInt8) throws { encoder.node = Node(scalar: String(value)) }
        mutating func encode(_ value: UInt16) throws { encoder.node = Node(scalar: String(value)) }
        mutating func encode(_ value: UInt32) throws { encoder.node = Node(scalar: String(value)) }
        mutating func encode(_ value: UInt64) throws { encoder.node = Node(scalar: String(value)) }
        mutating func encode<T: Encodable>(_ value: T) throws {
            encoder.node = try CanonicalJSONEncoder.node(for: value, codingPath: codingPath)
        }
    }
}
