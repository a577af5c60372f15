import CanonicalOutput
import Foundation
import Testing

@testable import FlowCore

/// The flow database's JSON columns are now written by the canonical writer; these must keep the bytes Foundation's
/// `JSONSerialization` (sorted keys, unescaped slashes) wrote before, or every stored `layer_state.inputs` would
/// stop matching and a rerun would recompute every layer.
@Suite struct StoredJSONTests {
    static func foundation(_ value: Any) throws -> String {
        String(
            decoding: try JSONSerialization.data(
                withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes]),
            as: UTF8.self)
    }

    @Test func inputsKeepTheirFormerKeyOrder() throws {
        let full = ["res": "a1", "res-1": "b2", "res+1": "c3", "mlp": "d4", "att": "e5 projected:/models/x"]
        let cases: [[String: String]] = [
            full, full.filter { $0.key != "res-1" }, full.filter { $0.key != "res+1" }, ["res": "r", "att": "skipped"],
        ]
        for fields in cases {
            #expect(StoredJSON.inputs(fields) == (try Self.foundation(fields)))
        }
    }

    @Test func runColumnsKeepTheirFormerBytes() throws {
        let parameters: [String: JSONValue] = [
            "input": "saes/dir é", "top_k": 5, "mode": "exact", "tile_rows": 1024, "tile_columns": 4096,
            "layers": "all", "model": nil, "force": false,
        ]
        let former: [String: Any] = [
            "input": "saes/dir é", "top_k": 5, "mode": "exact", "tile_rows": 1024, "tile_columns": 4096,
            "layers": "all", "model": NSNull(), "force": false,
        ]
        #expect(StoredJSON.object(parameters) == (try Self.foundation(former)))
        let warnings = ["layer 1 att: x reads hook_z; skipped — pass --model DIR", "quote \" and \\ and\ttab"]
        #expect(StoredJSON.strings(warnings) == (try Self.foundation(warnings)))
        let layers = StoredJSON.layers(
            Dictionary(uniqueKeysWithValues: (0..<12).map { ($0, ["mode": "reused"] as JSONValue) }))
        let formerLayers = Dictionary(uniqueKeysWithValues: (0..<12).map { (String($0), ["mode": "reused"]) })
        #expect(StoredJSON.object(["layers": layers]) == (try Self.foundation(["layers": formerLayers])))
    }

    @Test func valuesRenderAsTheSyntheticFilesExpect() {
        let value: JSONValue = [
            "b": .double(-0.0000001, decimals: 3), "a": .array([.number(0.25), .number(3), .int(-2)]),
            "c": ["z": true, "y": nil],
        ]
        #expect(value.rendered() == #"{"a":[0.25,3,-2],"b":0.000,"c":{"y":null,"z":true}}"#)
        #expect(
            value.rendered(expandDepth: 1)
                == "{\n  \"a\": [0.25,3,-2],\n  \"b\": 0.000,\n  \"c\": {\"y\":null,\"z\":true}\n}")
    }
}
