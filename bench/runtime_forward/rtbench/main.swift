import Foundation
import LinearAlgebra
import ModelRuntime

// Measurement harness for the runtime (not a package target: to run it, add
// `.executableTarget(name: "rtbench", dependencies: ["ModelRuntime", "LinearAlgebra"], path: "bench/runtime_forward/rtbench")`
// to Package.swift locally and `swift build -c release --product rtbench`). Arguments: MODEL.gguf [weight cache bytes].
// When /tmp/smol/ids.json ({"paragraph": [ids], "prompt": [ids]}) and vocab.json (token texts) exist, also
// prints the perplexity of the paragraph and a greedy answer.

let args = CommandLine.arguments
let path = args[1]
let cacheBytes = args.count > 2 ? Int(args[2])! : 0
let checkpoint = try GGUFCheckpoint(path: path)
var t0 = Date()
let model = try Transformer(checkpoint: checkpoint, weightCacheBytes: cacheBytes)
print("load \(Date().timeIntervalSince(t0)) s, cached \(model.cachedWeightBytes >> 20) MiB", model.config)
var random = UInt64(1)
func next() -> Int {
    random = random &* 6364136223846793005 &+ 1442695040888963407
    return Int((random >> 33) % 49152)
}
let batch = (0..<16).map { _ in (0..<128).map { _ in next() } }
var hooks = Set<TransformerHook>()
for l in 0..<model.config.layerCount {
    hooks.formUnion([.residPre(l), .attnZ(l), .attnOut(l), .mlpOut(l), .residPost(l)])
}
let generationOnly = ProcessInfo.processInfo.environment["GEN_ONLY"] != nil
for round in 0..<(generationOnly ? 0 : 2) {
    t0 = Date()
    _ = try model.forward(batch, hooks: ForwardHooks(capture: hooks), logits: .all)
    let s = Date().timeIntervalSince(t0)
    print("prefill 16x128 hooks+logits round \(round): \(s) s, \(2048 / s) tokens/s")
}
for (h, l) in generationOnly ? [] : [(false, LogitSelection.none), (true, .none), (false, .all), (false, .none)] {
    t0 = Date()
    _ = try model.forward(batch, hooks: h ? ForwardHooks(capture: hooks) : ForwardHooks(), logits: l)
    print("prefill hooks \(h) logits \(l): \(2048 / Date().timeIntervalSince(t0)) tokens/s")
}
t0 = Date()
let generated = try model.generate(prompt: [1, 2, 3, 4], options: SamplingOptions(maxNewTokens: 128))
print("generate 128: \(128 / Date().timeIntervalSince(t0)) tokens/s", generated.prefix(8))
/// The checkpoint without fused row products (batch-1 steps then use the F32 cache or decoded tiles).
struct WithoutRowDots: CheckpointTensors {
    let base: any CheckpointTensors
    var config: ModelConfig { base.config }
    func contains(_ name: String) -> Bool { base.contains(name) }
    func matrix(_ name: String) throws -> WeightMatrix {
        var matrix = try base.matrix(name)
        matrix.rowDot = nil
        return matrix
    }
    func vector(_ name: String) throws -> [Float] { try base.vector(name) }
}
let f32Model = try Transformer(checkpoint: WithoutRowDots(base: checkpoint), weightCacheBytes: 2_000_000_000)
for round in 0..<2 {
    for (label, m) in [("stored-type row dots", model), ("F32 cache + sgemv", f32Model)] {
        t0 = Date()
        _ = try m.generate(prompt: [1, 2, 3, 4], options: SamplingOptions(maxNewTokens: 64))
        print("round \(round) generate 64 (\(label)): \(64 / Date().timeIntervalSince(t0)) tokens/s")
    }
}
if generationOnly { exit(0) }

// Plain sgemm of the same shapes (the limit).
func plain() -> Double {
    let n = 2048
    let shapes = [(576, 576), (192, 576), (192, 576), (576, 576), (1536, 576), (1536, 576), (576, 1536)]
    let x = [Float](repeating: 0.01, count: n * 1536)
    let w = [Float](repeating: 0.02, count: 49152 * 576)
    var y = [Float](repeating: 0, count: n * 49152)
    let t = Date()
    x.withUnsafeBufferPointer { x in
        w.withUnsafeBufferPointer { w in
            y.withUnsafeMutableBufferPointer { y in
                for _ in 0..<30 {
                    for (o, i) in shapes {
                        LinearAlgebra.sgemm(
                            transposeB: true, m: n, n: o, k: i, a: x.baseAddress!, lda: i, b: w.baseAddress!, ldb: i,
                            c: y.baseAddress!, ldc: o)
                    }
                }
                LinearAlgebra.sgemm(
                    transposeB: true, m: n, n: 49152, k: 576, a: x.baseAddress!, lda: 576, b: w.baseAddress!, ldb: 576,
                    c: y.baseAddress!, ldc: 49152)
            }
        }
    }
    return Date().timeIntervalSince(t)
}
let p = plain()
print("plain sgemm same shapes: \(p) s, \(2048 / p) tokens/s-equivalent")

// Real-model checks: ids from smollm2_reference.py's tokenizer.
if let data = FileManager.default.contents(atPath: "/tmp/smol/ids.json"),
    let ids = try JSONSerialization.jsonObject(with: data) as? [String: [Int]]
{
    let result = try model.perplexity(of: ids["paragraph"]!, window: 512)
    print("perplexity \(result.perplexity) nll \(result.meanNegativeLogLikelihood) over \(result.predictedTokens)")
    let vocab =
        try JSONSerialization.jsonObject(with: FileManager.default.contents(atPath: "/tmp/smol/vocab.json")!)
        as! [String]
    t0 = Date()
    let answer = try model.generate(prompt: ids["prompt"]!, options: SamplingOptions(maxNewTokens: 40, stopTokens: [2]))
    let s = Date().timeIntervalSince(t0)
    print(
        "greedy: \(answer.map { vocab[$0] }.joined()) [\(answer.count) tokens, \(Double(answer.count) / s) tokens/s incl. prefill]"
    )
}
