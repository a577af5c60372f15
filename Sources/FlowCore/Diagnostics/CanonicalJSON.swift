import Foundation

/// JSON with sorted keys and no escaping of `/`: the same value always gives the same bytes.
public enum CanonicalJSON {
    /// Encodes `value` (pretty-printed when `pretty`).
    public static func data<T: Encodable>(_ value: T, pretty: Bool = false) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        // Encoding our own value types cannot fail except for a programming error.
        return try! encoder.encode(value)
    }

    /// Encodes `value` as a UTF-8 string.
    public static func string<T: Encodable>(_ value: T, pretty: Bool = false) -> String {
        String(decoding: data(value, pretty: pretty), as: UTF8.self)
    }
}
