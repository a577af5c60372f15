import Foundation

/// JSON with sorted keys and no escaping of `/`: the same value always gives the same bytes.
public enum CanonicalJSON {
    /// Encodes `value` (pretty-printed when `pretty`).
    public static func data<T: Encodable>(_ value: T, pretty: Bool = false) -> Data {
        // The compact form comes from a small writer producing the same bytes as `JSONEncoder` several times faster
        // (it matters for `--pages all`, one JSON per feature page).
        if !pretty { return Data(bytes(value)) }
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        // Encoding our own value types cannot fail except for a programming error.
        return try! encoder.encode(value)
    }

    /// Encodes `value` as compact canonical JSON bytes (what `data(_:)` returns), without `JSONEncoder`.
    public static func bytes<T: Encodable>(_ value: T) -> [UInt8] {
        // Our own value types cannot fail to encode: the writer has no failure mode of its own.
        if let writable = value as? CanonicalJSONWritable {
            var buffer = CanonicalJSONBuffer()
            writable.writeJSON(to: &buffer)
            return buffer.bytes
        }
        return try! CanonicalJSONEncoder.encode(value)
    }

    /// `value` through the generic `Encodable` writer even when it writes its own JSON (for tests).
    public static func encodedBytes<T: Encodable>(_ value: T) -> [UInt8] {
        try! CanonicalJSONEncoder.encode(value)
    }

    /// Foundation's `JSONEncoder` output for `value` (the reference the fast writer is tested against).
    public static func foundationData<T: Encodable>(_ value: T) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try! encoder.encode(value)
    }

    /// Appends `text` as a canonical JSON string literal (the quoting every writer here uses) to `bytes`.
    public static func appendQuoted(_ text: String, to bytes: inout [UInt8]) {
        CanonicalJSONEncoder.appendQuoted(text, to: &bytes)
    }

    /// `strings` as a compact JSON list (`["a","b"]`): the bytes `string(_:)` gives for them, without going through
    /// `Encodable` (context windows are written this way, twenty per feature).
    public static func list(_ strings: [String]) -> String {
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        for (index, string) in strings.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            CanonicalJSONEncoder.appendQuoted(string, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Encodes `value` as a UTF-8 string.
    public static func string<T: Encodable>(_ value: T, pretty: Bool = false) -> String {
        String(decoding: data(value, pretty: pretty), as: UTF8.self)
    }
}
