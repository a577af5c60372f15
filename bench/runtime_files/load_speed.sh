#!/usr/bin/env bash
# Load and encode speed of the checkpoint and tokeniser readers, -O, single thread:
#   bench/runtime_files/load_speed.sh MODEL [TEXT_FILE]
# MODEL is a .gguf file, a Hugging Face folder or a tokenizer.json. Prints the time to open the checkpoint
# (when MODEL is one) and to decode every matrix once, the time to load the tokeniser, and encode
# throughput on TEXT_FILE (default: README.md). Builds ModelRuntime in release and links a small driver
# against it with swiftc (the way Fuzz/fuzz.sh links its harness).
set -euo pipefail
cd "$(dirname "$0")/../.."
model=$1
text=${2:-README.md}
swift build -c release --target ModelRuntime >/dev/null
release=.build/release
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/main.swift" <<'SWIFT'
import Foundation
import ModelRuntime

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}
let arguments = CommandLine.arguments
let model = arguments[1]
let text = try String(contentsOfFile: arguments[2], encoding: .utf8)
if !model.hasSuffix(".json") {
    var checkpoint: (any CheckpointTensors)!
    let open = try seconds { checkpoint = try ModelCheckpoint.open(path: model) }
    var values = 0
    var decode = 0.0
    // Twice: the first pass also faults the mapped pages in; the second is the decoding alone.
    for _ in 0..<2 {
    values = 0
    decode = try seconds {
        for layer in 0..<checkpoint.config.layerCount {
            for suffix in ["self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj", "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj"] {
                let matrix = try checkpoint.matrix("model.layers.\(layer).\(suffix).weight")
                var tile = [Float](repeating: 0, count: 64 * matrix.columns)
                tile.withUnsafeMutableBufferPointer { buffer in
                    for start in stride(from: 0, to: matrix.rows, by: 64) {
                        matrix.decodeRows(start..<min(matrix.rows, start + 64), buffer.baseAddress!)
                    }
                }
                values += matrix.rows * matrix.columns
            }
        }
    }
    }
    print(String(format: "checkpoint: open %.3f s; every layer matrix decoded (second pass) (%d values) in %.3f s = %.3f ns/value",
                 open, values, decode, decode * 1e9 / Double(values)))
}
var tokenizer: Tokenizer!
let load = try seconds { tokenizer = try Tokenizer.load(path: model) }
var ids: [Int32] = []
let encode = seconds { ids = tokenizer.encode(text) }
var decoded = ""
let decode = seconds { decoded = tokenizer.decode(ids) }
print(String(format: "tokenizer: load %.3f s (%d tokens); encode %d bytes → %d ids in %.3f s (%.2f MB/s); decode %.3f s; round trip %@",
             load, tokenizer.vocabularySize, text.utf8.count, ids.count, encode, Double(text.utf8.count) / encode / 1e6, decode,
             decoded.hasSuffix(String(text.suffix(100))) ? "ok" : "differs"))
SWIFT
objects=$(find "$release"/{ModelRuntime,FlowCore,Codecs,LinearAlgebra,CVectorKernels,SQLiteSupport,Yams,CYaml}.build -name '*.o' | sort)
maps=()
for map in Sources/{CZlib,CCrypto,CSQLite,COpenBLAS}/module.modulemap "$release"/CVectorKernels.build/module.modulemap \
  .build/checkouts/Yams/Sources/CYaml/include/module.modulemap; do
  maps+=(-Xcc "-fmodule-map-file=$map")
done
# shellcheck disable=SC2086
swiftc -O "$work/main.swift" -I "$release/Modules" "${maps[@]}" $objects \
  $(pkg-config --libs-only-L openblas | sed 's/-L/-L /') -lopenblas -lsqlite3 -lz -lcrypto -o "$work/load-speed" \
  2> >(grep -v "Cannot export local symbol" >&2)
SWIFT_BACKTRACE=enable=yes,interactive=no "$work/load-speed" "$model" "$text"
