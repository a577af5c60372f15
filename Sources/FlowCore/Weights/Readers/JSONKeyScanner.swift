/// Finds duplicate keys in a JSON object's top level, which JSONSerialization silently merges.
enum JSONKeyScanner {
    /// The first key that appears twice at depth 1 of `bytes`, or nil (also nil for malformed text,
    /// which the JSON parser reports itself).
    static func firstDuplicateTopLevelKey(_ bytes: [UInt8]) -> String? {
        var seen = Set<[UInt8]>()
        var depth = 0
        var index = 0
        var expectingKey = false
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                expectingKey = byte == UInt8(ascii: "{") && depth == 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
            case UInt8(ascii: ","):
                expectingKey = depth == 1
            case UInt8(ascii: "\""):
                var end = index + 1
                while end < bytes.count && bytes[end] != UInt8(ascii: "\"") {
                    end += bytes[end] == UInt8(ascii: "\\") ? 2 : 1
                }
                guard end < bytes.count else { return nil }
                if expectingKey && depth == 1 {
                    let key = Array(bytes[(index + 1)..<end])
                    if !seen.insert(key).inserted { return String(decoding: key, as: UTF8.self) }
                    expectingKey = false
                }
                index = end
            default:
                break
            }
            index += 1
        }
        return nil
    }
}
