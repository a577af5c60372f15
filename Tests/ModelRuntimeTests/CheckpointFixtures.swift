import Foundation

/// The committed fixtures (made by bench/runtime_files/make_fixtures.py and tokenizer_reference.py) and
/// their expected values.
enum CheckpointFixtures {
    /// The folder holding the fixtures.
    static let folder: String = Bundle.module.resourceURL!.appendingPathComponent("Fixtures").path

    /// The real SmolLM2 GGUF and its reference folder, when the environment names them (never fetched here).
    static let smolLM2: (model: String, reference: String)? = {
        let environment = ProcessInfo.processInfo.environment
        guard let model = environment["FEATUREFLOW_SMOLLM2"],
            let reference = environment["FEATUREFLOW_SMOLLM2_REFERENCE"]
        else { return nil }
        return (model, reference)
    }()

    /// Full path of fixture `name`.
    static func path(_ name: String) -> String { folder + "/" + name }

    /// Bytes of fixture `name`.
    static func bytes(_ name: String) -> [UInt8] { [UInt8](FileManager.default.contents(atPath: path(name))!) }

    /// Expected tensors of `stem` (`stem.json` + `stem.f32`): name → (shape, values).
    static func expected(_ stem: String) -> [String: (shape: [Int], values: [Float])] {
        let manifest =
            try! JSONSerialization.jsonObject(with: Data(bytes(stem + ".json"))) as! [String: Any]
        let blob = bytes(stem + ".f32")
        let floats = stride(from: 0, to: blob.count, by: 4).map { index in
            Float(
                bitPattern: UInt32(blob[index]) | UInt32(blob[index + 1]) << 8 | UInt32(blob[index + 2]) << 16
                    | UInt32(blob[index + 3]) << 24)
        }
        var result: [String: (shape: [Int], values: [Float])] = [:]
        for entry in manifest["tensors"] as! [[String: Any]] {
            let shape = entry["shape"] as! [Int]
            let offset = entry["offset"] as! Int
            let count = shape.reduce(1, *)
            result[entry["name"] as! String] = (shape, Array(floats[offset..<offset + count]))
        }
        return result
    }

    /// Largest |a − b| / max(1, |b|) over two equally long arrays (∞ when the lengths differ).
    static func maxError(_ a: [Float], _ b: [Float]) -> Float {
        guard a.count == b.count else { return .infinity }
        var worst: Float = 0
        for (x, y) in zip(a, b) {
            let error = abs(x - y) / max(1, abs(y))
            if !(error <= worst) { worst = error.isNaN ? .infinity : error }
        }
        return worst
    }
}
