#!/usr/bin/env bash
# Row-decoding throughput of the checkpoint reader (RowDecoder) per storage type, single thread, -O:
# a 576 × 1536 matrix (SmolLM2's ffn_down) decoded in tiles of 64 rows, 40 times. Compiles the decoder
# file standalone with swiftc (seconds, no package build). Prints ns per value.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed -n '/^public enum WeightType/,/^}/p' Sources/ModelRuntime/WeightMatrix.swift > "$work/WeightType.swift"
cat > "$work/main.swift" <<'SWIFT'
import Foundation
let columns = 1536, rows = 576
for type in [WeightType.f32, .f16, .bf16, .q8_0, .q4_0, .q4_1, .q4_K, .q6_K] {
    let (block, bytes): (Int, Int) = switch type {
        case .f32: (1, 4) case .f16: (1, 2) case .bf16: (1, 2) case .q8_0: (32, 34) case .q4_0: (32, 18)
        case .q4_1: (32, 20) case .q4_K: (256, 144) case .q6_K: (256, 210) }
    let rowBytes = columns / block * bytes
    var data = [UInt8](repeating: 0, count: rows * rowBytes)
    for i in data.indices { data[i] = UInt8(truncatingIfNeeded: i &* 2654435761 >> 7) }
    var out = [Float](repeating: 0, count: 64 * columns)
    var best = Double.infinity
    for _ in 0..<3 {
        let start = DispatchTime.now().uptimeNanoseconds
        data.withUnsafeBytes { raw in
            out.withUnsafeMutableBufferPointer { o in
                for _ in 0..<40 {
                    for tile in stride(from: 0, to: rows, by: 64) {
                        for r in 0..<64 {
                            RowDecoder.decode(type, raw.baseAddress! + (tile + r) * rowBytes, count: columns, into: o.baseAddress! + r * columns)
                        }
                    }
                }
            }
        }
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / Double(40 * rows * columns))
    }
    print(String(format: "%-5@ %.3f ns/value  %.2f Gvalues/s", type.rawValue, best, 1 / best), out[7].isNaN ? "" : "")
}
SWIFT
swiftc -O "$work/main.swift" "$work/WeightType.swift" Sources/ModelRuntime/Checkpoint/RowDecoder.swift -o "$work/decode"
"$work/decode"
