@testable import FlowReport
@testable import SiteKit

/// The shape of a typed page model, read from its `Decodable` conformance by decoding it from a probe that answers
/// every key (so optionals are seen too), and the check that a compiled template only uses names its model has, in
/// the right context (Mustache's lookup: the innermost section's value first, then the enclosing ones).
indirect enum TemplateShape: Equatable {
    /// A string or number: prints; a section over it renders inside a value without keys.
    case value
    /// A Bool: shows or hides a section, in the same context.
    case flag
    /// Finished markup, for `{{{x}}}`.
    case html
    /// A struct: its keys.
    case object([String: TemplateShape])
    /// A list of elements of one shape.
    case list(TemplateShape)

    /// The shape of `type`.
    static func of<T: Decodable>(_ type: T.Type) -> TemplateShape {
        let probe = Probe()
        _ = try? T(from: probe)
        return probe.shape
    }

    /// Problems of `template` (compiled) against this shape, as "path: problem"; partials are read from `library`.
    func problems(in template: CompiledTemplate, library: [String: CompiledTemplate], implicit: [String: TemplateShape])
        -> [String]
    {
        guard case .object(var fields) = self else { return ["the model is not a struct"] }
        fields.merge(implicit) { own, _ in own }
        var problems: [String] = []
        var stack: [TemplateShape] = [.object(fields)]
        func lookup(_ name: String, _ path: [String]) -> TemplateShape? {
            if name == "." { return stack.last }
            for frame in stack.reversed() {
                if case .object(let keys) = frame, let shape = keys[name] { return shape }
            }
            problems.append((path + [name]).joined(separator: " > ") + ": no such key in the model")
            return nil
        }
        func walk(_ nodes: [CompiledTemplate.Node], _ path: [String], depth: Int) {
            guard depth < 8 else { return }
            for node in nodes {
                switch node {
                case .text: break
                case .variable(let name):
                    switch lookup(name, path) {
                    case .object?, .list?: problems.append((path + [name]).joined(separator: " > ") + ": not printable")
                    case .html?: problems.append((path + [name]).joined(separator: " > ") + ": markup escaped again")
                    default: break
                    }
                case .unescaped(let name):
                    if let shape = lookup(name, path), shape != .html {
                        problems.append(
                            (path + [name]).joined(separator: " > ") + ": {{{…}}} of text that is not markup")
                    }
                case .section(let name, let body):
                    let shape = lookup(name, path)
                    var pushed = true
                    switch shape {
                    case .list(let element)?: stack.append(element)
                    case .object?: stack.append(shape!)
                    case .value?, .html?: stack.append(.value)
                    case .flag?, nil: pushed = false
                    }
                    walk(body, path + [name], depth: depth)
                    if pushed { stack.removeLast() }
                case .inverted(let name, let body):
                    _ = lookup(name, path)
                    walk(body, path + ["^" + name], depth: depth)
                case .partial(let name):
                    guard let partial = library[name] else {
                        problems.append((path + [">" + name]).joined(separator: " > ") + ": no such partial")
                        continue
                    }
                    walk(partial.nodes, path + [">" + name], depth: depth + 1)
                }
            }
        }
        walk(template.nodes, [], depth: 0)
        return problems
    }
}

/// A decoder that answers every key with a placeholder and records what was asked for.
private final class Probe: Decoder {
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    var fields: [String: TemplateShape]?
    var element: TemplateShape?
    var single: TemplateShape = .value

    var shape: TemplateShape {
        if let fields { return .object(fields) }
        if let element { return .list(element) }
        return single
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        if fields == nil { fields = [:] }
        return KeyedDecodingContainer(Keyed<Key>(probe: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        if element == nil { element = .value }
        return Unkeyed(probe: self)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(probe: self) }

    /// A placeholder value of `type` and its shape.
    static func decode<T: Decodable>(_ type: T.Type) throws -> (T, TemplateShape) {
        if type == HTMLFragment.self { return (HTMLFragment(html: "") as! T, .html) }
        if type == Bool.self { return (false as! T, .flag) }
        let probe = Probe()
        let value = try T(from: probe)
        return (value, probe.shape)
    }

    struct Unsupported: Error {}

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let probe: Probe
        var codingPath: [any CodingKey] { [] }
        var allKeys: [Key] { [] }

        func contains(_ key: Key) -> Bool { true }
        func decodeNil(forKey key: Key) -> Bool { false }
        func decode(_ type: Bool.Type, forKey key: Key) -> Bool {
            probe.fields?[key.stringValue] = .flag
            return false
        }
        func decode(_ type: String.Type, forKey key: Key) -> String {
            probe.fields?[key.stringValue] = .value
            return ""
        }
        func decode(_ type: Int.Type, forKey key: Key) -> Int {
            probe.fields?[key.stringValue] = .value
            return 0
        }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            let (value, shape) = try Probe.decode(type)
            probe.fields?[key.stringValue] = shape
            return value
        }
        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
            -> KeyedDecodingContainer<NestedKey>
        { throw Unsupported() }
        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { throw Unsupported() }
        func superDecoder() throws -> any Decoder { probe }
        func superDecoder(forKey key: Key) throws -> any Decoder { probe }
    }

    struct Unkeyed: UnkeyedDecodingContainer {
        let probe: Probe
        var codingPath: [any CodingKey] { [] }
        var count: Int? { 1 }
        var currentIndex = 0
        var isAtEnd: Bool { currentIndex > 0 }

        mutating func decodeNil() -> Bool { false }
        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            let (value, shape) = try Probe.decode(type)
            probe.element = shape
            currentIndex += 1
            return value
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
            -> KeyedDecodingContainer<NestedKey>
        { throw Unsupported() }
        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { throw Unsupported() }
        mutating func superDecoder() throws -> any Decoder { probe }
    }

    struct Single: SingleValueDecodingContainer {
        let probe: Probe
        var codingPath: [any CodingKey] { [] }

        func decodeNil() -> Bool { false }
        func decode(_ type: Bool.Type) -> Bool {
            probe.single = .flag
            return false
        }
        func decode(_ type: String.Type) -> String { "" }
        func decode(_ type: Int.Type) -> Int { 0 }
        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            let (value, shape) = try Probe.decode(type)
            probe.single = shape
            return value
        }
    }
}
