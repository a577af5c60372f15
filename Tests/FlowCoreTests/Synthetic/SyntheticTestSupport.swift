import Foundation
import TestSupport

@testable import FlowCore

/// A tiny safetensors reader for the tests (the real reader lives on another branch): F32 and BF16 only.
struct TinySafetensors {
    struct Tensor {
        var dtype: String
        var shape: [Int]
        var values: [Float]
    }

    var headerLength: Int
    var tensors: [String: Tensor]

    init(path: String) throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        var length = 0
        for i in 0..<8 { length |= Int(bytes[i]) << (8 * i) }
        headerLength = length
        let header = try JSONSerialization.jsonObject(with: Data(bytes[8..<(8 + length)])) as! [String: Any]
        let base = 8 + length
        tensors = [:]
        for (name, value) in header where name != "__metadata__" {
            let entry = value as! [String: Any]
            let dtype = entry["dtype"] as! String
            let shape = entry["shape"] as! [Int]
            let offsets = entry["data_offsets"] as! [Int]
            let data = Array(bytes[(base + offsets[0])..<(base + offsets[1])])
            var values: [Float] = []
            if dtype == "F32" {
                for i in stride(from: 0, to: data.count, by: 4) {
                    let bits =
                        UInt32(data[i]) | UInt32(data[i + 1]) << 8 | UInt32(data[i + 2]) << 16 | UInt32(data[i + 3])
                        << 24
                    values.append(Float(bitPattern: bits))
                }
            } else if dtype == "BF16" {
                for i in stride(from: 0, to: data.count, by: 2) {
                    values.append(Float(bitPattern: (UInt32(data[i]) | UInt32(data[i + 1]) << 8) << 16))
                }
            }
            tensors[name] = Tensor(dtype: dtype, shape: shape, values: values)
        }
    }

    /// Row `i` of a 2-D tensor, in Double.
    func row(_ name: String, _ i: Int) -> [Double] {
        let tensor = tensors[name]!
        let columns = tensor.shape[1]
        return tensor.values[(i * columns)..<((i + 1) * columns)].map(Double.init)
    }
}

/// Naive cosine in Double.
func naiveCosine(_ a: [Double], _ b: [Double]) -> Double {
    var ab = 0.0
    var aa = 0.0
    var bb = 0.0
    for i in a.indices {
        ab += a[i] * b[i]
        aa += a[i] * a[i]
        bb += b[i] * b[i]
    }
    return ab / (aa * bb).squareRoot()
}

/// A fresh temporary folder path (not created).
func temporaryFolder(_ tag: String) -> String { TemporaryFolder.path("synth-\(tag)") }

/// Every regular file under `folder`, relative path → bytes.
func filesUnder(_ folder: String) throws -> [String: Data] {
    var out: [String: Data] = [:]
    let enumerator = FileManager.default.enumerator(atPath: folder)!
    while let relative = enumerator.nextObject() as? String {
        var isFolder: ObjCBool = false
        let path = folder + "/" + relative
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue {
            out[relative] = try Data(contentsOf: URL(fileURLWithPath: path))
        }
    }
    return out
}
