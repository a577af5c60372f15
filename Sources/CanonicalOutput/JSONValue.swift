import Foundation

/// A JSON value written by the canonical writer: object keys sorted by their UTF-8 bytes (or in a given order),
/// strings quoted as `CanonicalJSON` quotes them, floats either with a fixed number of decimals or in the shortest
/// form `CanonicalJSON` writes. The tree form of the one JSON writer, for output that is not an `Encodable` type:
/// cfg.json, truth.json, labels.jsonl, safetensors headers, the flow database's run and input columns.
public indirect enum JSONValue: Sendable, Equatable {
    /// `null`.
    case null
    /// `true` / `false`.
    case bool(Bool)
    /// An integer.
    case int(Int)
    /// A float printed with `decimals` digits after the point (`%.Nf`, never `-0.0…`).
    case double(Double, decimals: Int)
    /// A float in its shortest round-trip form without a trailing `.0` (as `CanonicalJSON` writes floats).
    case number(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object; keys are sorted by their UTF-8 bytes when rendered.
    case object([String: JSONValue])
    /// An object whose members are written in the order given (stored strings whose key order is fixed).
    case ordered([JSONMember])

    /// The text; containers nested less than `expandDepth` deep put one member per line (2-space indent).
    public func rendered(expandDepth: Int = 0) -> String {
        var out: [UInt8] = []
        render(into: &out, depth: 0, expandDepth: expandDepth)
        return String(decoding: out, as: UTF8.self)
    }

    private func render(into out: inout [UInt8], depth: Int, expandDepth: Int) {
        switch self {
        case .null: out += Array("null".utf8)
        case .bool(let value): out += Array((value ? "true" : "false").utf8)
        case .int(let value): out += Array(String(value).utf8)
        case .double(let value, let decimals): out += Array(Self.fixed(value, decimals: decimals).utf8)
        case .number(let value): out += Array(CanonicalJSONEncoder.float(value).utf8)
        case .string(let value): CanonicalJSON.appendQuoted(value, to: &out)
        case .array(let values):
            renderContainer(
                into: &out, open: UInt8(ascii: "["), close: UInt8(ascii: "]"), count: values.count, depth: depth,
                expandDepth: expandDepth
            ) { out, i in
                values[i].render(into: &out, depth: depth + 1, expandDepth: expandDepth)
            }
        case .object(let members):
            let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            JSONValue.ordered(keys.map { JSONMember($0, members[$0]!) })
                .render(into: &out, depth: depth, expandDepth: expandDepth)
        case .ordered(let members):
            let separator = Array((depth < expandDepth ? ": " : ":").utf8)
            renderContainer(
                into: &out, open: UInt8(ascii: "{"), close: UInt8(ascii: "}"), count: members.count, depth: depth,
                expandDepth: expandDepth
            ) { out, i in
                CanonicalJSON.appendQuoted(members[i].key, to: &out)
                out += separator
                members[i].value.render(into: &out, depth: depth + 1, expandDepth: expandDepth)
            }
        }
    }

    private func renderContainer(
        into out: inout [UInt8], open: UInt8, close: UInt8, count: Int, depth: Int, expandDepth: Int,
        member: (inout [UInt8], Int) -> Void
    ) {
        out.append(open)
        guard count > 0 else { return out.append(close) }
        let expand = depth < expandDepth
        let inner = Array(("\n" + String(repeating: "  ", count: depth + 1)).utf8)
        for i in 0..<count {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            if expand { out += inner }
            member(&out, i)
        }
        if expand { out += Array(("\n" + String(repeating: "  ", count: depth)).utf8) }
        out.append(close)
    }

    /// `value` with exactly `decimals` digits after the point (`%.Nf`), `-0.000` written as `0.000`.
    static func fixed(_ value: Double, decimals: Int) -> String {
        let text = String(format: "%.\(decimals)f", value)
        return text.hasPrefix("-") && text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." })
            ? String(text.dropFirst()) : text
    }
}
