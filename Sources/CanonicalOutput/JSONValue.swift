import Foundation

/// A JSON value rendered deterministically: object keys sorted, floats with a fixed number of decimals,
/// non-ASCII text kept as UTF-8. Used for cfg.json, truth.json, labels.jsonl and safetensors headers.
public indirect enum JSONValue: Sendable, Equatable {
    /// `null`.
    case null
    /// `true` / `false`.
    case bool(Bool)
    /// An integer.
    case int(Int)
    /// A float printed with `decimals` digits after the point (`%.Nf`).
    case double(Double, decimals: Int)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object; keys are sorted when rendered.
    case object([String: JSONValue])

    /// The text; containers nested less than `expandDepth` deep put one member per line (2-space indent).
    public func rendered(expandDepth: Int = 0) -> String {
        var out = ""
        render(into: &out, depth: 0, expandDepth: expandDepth)
        return out
    }

    private func render(into out: inout String, depth: Int, expandDepth: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .int(let value): out += String(value)
        case .double(let value, let decimals):
            let text = String(format: "%.\(decimals)f", value)
            out +=
                text.hasPrefix("-") && text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." })
                ? String(text.dropFirst()) : text
        case .string(let value): out += Self.quoted(value)
        case .array(let values):
            renderContainer(
                into: &out, open: "[", close: "]", count: values.count, depth: depth, expandDepth: expandDepth
            ) { out, i in
                values[i].render(into: &out, depth: depth + 1, expandDepth: expandDepth)
            }
        case .object(let members):
            let keys = members.keys.sorted()
            let expand = depth < expandDepth
            renderContainer(
                into: &out, open: "{", close: "}", count: keys.count, depth: depth, expandDepth: expandDepth
            ) { out, i in
                out += Self.quoted(keys[i])
                out += expand ? ": " : ":"
                members[keys[i]]!.render(into: &out, depth: depth + 1, expandDepth: expandDepth)
            }
        }
    }

    private func renderContainer(
        into out: inout String, open: String, close: String, count: Int, depth: Int, expandDepth: Int,
        member: (inout String, Int) -> Void
    ) {
        out += open
        guard count > 0 else { return out += close }
        let expand = depth < expandDepth
        let inner = String(repeating: "  ", count: depth + 1)
        for i in 0..<count {
            if i > 0 { out += "," }
            if expand { out += "\n" + inner }
            member(&out, i)
        }
        if expand { out += "\n" + String(repeating: "  ", count: depth) }
        out += close
    }

    /// `text` as a JSON string literal: quotes, backslashes, control characters and U+2028/U+2029 escaped.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
