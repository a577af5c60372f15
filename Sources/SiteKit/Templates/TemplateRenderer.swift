import Mustache

/// Renders `CompiledTemplate`s into one byte buffer, with swift-mustache 2's semantics: a name is looked up in the
/// innermost context that has it (dictionaries by key, other values through `MustacheParent` or a `Mirror`);
/// `{{x}}` HTML-escapes (`HTMLEscaping`'s five characters), `{{{x}}}` does not; a section repeats over a list, shows
/// or hides on a Bool, is skipped for a missing value or an empty list and otherwise renders inside its value; an
/// inverted section is the opposite. Values print as `String(describing:)` (`HTMLFragment` as its markup).
/// What the engine decides with dynamic casts per tag, this does with a few exact-type checks.
struct TemplateRenderer {
    /// The compiled templates, for partials.
    let templates: [String: CompiledTemplate]

    /// The text of `template` rendered with `context`.
    func render(_ template: CompiledTemplate, context: Any) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(16_384)
        var stack: [Any] = [context]
        render(template.nodes, stack: &stack, into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    private func render(_ nodes: [CompiledTemplate.Node], stack: inout [Any], into output: inout [UInt8]) {
        for node in nodes {
            switch node {
            case .text(let bytes):
                output.append(contentsOf: bytes)
            case .variable(let name):
                guard let value = lookup(name, stack) else { continue }
                write(value, escaped: true, into: &output)
            case .unescaped(let name):
                guard let value = lookup(name, stack) else { continue }
                write(value, escaped: false, into: &output)
            case .section(let name, let body):
                renderSection(lookup(name, stack), body: body, stack: &stack, into: &output)
            case .inverted(let name, let body):
                if isFalsy(lookup(name, stack)) { render(body, stack: &stack, into: &output) }
            case .partial(let name):
                if let partial = templates[name] { render(partial.nodes, stack: &stack, into: &output) }
            }
        }
    }

    private func renderSection(
        _ value: Any?, body: [CompiledTemplate.Node], stack: inout [Any], into output: inout [UInt8]
    ) {
        guard let value else { return }
        if let list = Self.elements(value) {
            for element in list {
                stack.append(element)
                render(body, stack: &stack, into: &output)
                stack.removeLast()
            }
        } else if let flag = value as? Bool {
            if flag { render(body, stack: &stack, into: &output) }
        } else if !(value is String), let renderable = value as? MustacheCustomRenderable, renderable.isNull {
            return
        } else {
            stack.append(value)
            render(body, stack: &stack, into: &output)
            stack.removeLast()
        }
    }

    private func isFalsy(_ value: Any?) -> Bool {
        guard let value else { return true }
        if let list = Self.elements(value) { return list.isEmpty }
        if let flag = value as? Bool { return !flag }
        if !(value is String), let renderable = value as? MustacheCustomRenderable { return renderable.isNull }
        return false
    }

    /// The elements of a value the engine treats as a list (arrays, sets, reversed collections).
    private static func elements(_ value: Any) -> [Any]? {
        if let array = value as? [[String: Any]] { return array }
        if value is String || value is [String: Any] || value is Bool || value is Int { return nil }
        if let array = value as? [Any] { return array }
        guard let sequence = value as? any MustacheSequence else { return nil }
        return Self.collect(sequence)
    }

    private static func collect<S: Sequence>(_ sequence: S) -> [Any] { sequence.map { $0 as Any } }

    private func lookup(_ name: String, _ stack: [Any]) -> Any? {
        if name == "." { return stack.last }
        for object in stack.reversed() {
            if let dictionary = object as? [String: Any] {
                if let value = dictionary[name] { return value }
                continue
            }
            if object is String || object is Bool || object is Int || object is HTMLFragment { continue }
            if let parent = object as? MustacheParent {
                if let value = parent.child(named: name) { return value }
                continue
            }
            if let child = Mirror(reflecting: object).children.first(where: { $0.label == name }) {
                return Self.unwrapped(child.value)
            }
        }
        return nil
    }

    private func write(_ value: Any, escaped: Bool, into output: inout [UInt8]) {
        let text: String
        if let string = value as? String {
            text = string
        } else if let fragment = value as? HTMLFragment {
            text = fragment.html
        } else if let number = value as? Int {
            text = String(number)
        } else if let renderable = value as? MustacheCustomRenderable {
            text = renderable.renderText
        } else {
            text = String(describing: Self.unwrapped(value) ?? value)
        }
        if escaped { Self.escape(text, into: &output) } else { output.append(contentsOf: text.utf8) }
    }

    /// The value an `Optional` in an `Any` holds (nil for `.none`), or the value itself.
    private static func unwrapped(_ value: Any) -> Any? {
        guard let optional = value as? any OptionalValue else { return value }
        return optional.wrappedAny
    }

    /// `text` HTML-escaped into `output` (`<` `>` `&` `"` `'`, as `HTMLEscaping`).
    static func escape(_ text: String, into output: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            for i in 0..<bytes.count {
                let replacement: StaticString
                switch bytes[i] {
                case UInt8(ascii: "<"): replacement = "&lt;"
                case UInt8(ascii: ">"): replacement = "&gt;"
                case UInt8(ascii: "&"): replacement = "&amp;"
                case UInt8(ascii: "\""): replacement = "&quot;"
                case UInt8(ascii: "'"): replacement = "&#39;"
                default: continue
                }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                output.append(
                    contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
                start = i + 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]))
        }
    }
}

/// An `Optional` seen through `Any`.
private protocol OptionalValue {
    var wrappedAny: Any? { get }
}

extension Optional: OptionalValue {
    fileprivate var wrappedAny: Any? { self.map { $0 as Any } }
}
