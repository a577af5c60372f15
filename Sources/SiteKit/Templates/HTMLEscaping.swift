import Mustache

/// swift-mustache's HTML escaping (`<` `>` `&` `"` `'` → `&lt;` `&gt;` `&amp;` `&quot;` `&#39;`), byte for byte, but
/// decided on UTF-8 bytes and returning text without those characters as it is (the engine's own escaper looks every
/// character up in a dictionary, which dominated rendering feature pages). Registered as the content type `HTML`, so
/// a template opting in with `{{% CONTENT_TYPE: HTML}}` gets it; templates without the pragma escape the same way
/// through the engine's default.
public struct HTMLEscaping: MustacheContentType {
    /// Registers the escaper under the name `HTML` (idempotent; call before parsing templates).
    public static func register() { MustacheContentTypes.register(HTMLEscaping(), named: "HTML") }

    public func escapeText(_ text: String) -> String {
        guard text.utf8.contains(where: Self.isSpecial) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "<"): bytes.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): bytes.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "&"): bytes.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "\""): bytes.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'"): bytes.append(contentsOf: "&#39;".utf8)
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func isSpecial(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "&")
            || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
    }
}
