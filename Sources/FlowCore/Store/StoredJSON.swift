import CanonicalOutput

/// The JSON the flow database keeps in its `run` and `layer_state` columns, written by the canonical writer
/// (`JSONValue`) in the key order these columns have always had: layers in numeric order, an input's positions
/// as `att, mlp, res, res-1, res+1`. Stored inputs decide which layers a rerun reuses, so their bytes must not
/// change from one version to the next.
enum StoredJSON {
    /// The key order of a layer's input checksums.
    static let inputOrder = ["att", "mlp", "res", "res-1", "res+1"]

    /// An object's text.
    static func object(_ members: [String: JSONValue]) -> String { JSONValue.object(members).rendered() }

    /// An array of strings.
    static func strings(_ values: [String]) -> String { JSONValue.array(values.map(JSONValue.string)).rendered() }

    /// One member per layer, in numeric layer order.
    static func layers(_ byLayer: [Int: JSONValue]) -> JSONValue {
        .ordered(byLayer.keys.sorted().map { JSONMember(String($0), byLayer[$0]!) })
    }

    /// A layer's input checksums (`res`, `res-1`, `res+1`, `mlp`, `att`), in `inputOrder`.
    static func inputs(_ fields: [String: String]) -> String {
        func rank(_ key: String) -> Int { inputOrder.firstIndex(of: key) ?? inputOrder.count }
        let keys = fields.keys.sorted { a, b in
            rank(a) != rank(b) ? rank(a) < rank(b) : a.utf8.lexicographicallyPrecedes(b.utf8)
        }
        return JSONValue.ordered(keys.map { JSONMember($0, .string(fields[$0]!)) }).rendered()
    }
}
