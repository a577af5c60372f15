import FlowCore
import Foundation
import LinearAlgebra
import SAEEncoding
import SAETraining

/// `flowbench encode`: SAE encoding (standard and TopK, d_in 576, width 4608, 4096 tokens, read from a SAELens
/// folder) against a plain sgemm of the same shapes and a NumPy reference of the same encoders
/// (`bench/encoders/numpy_encode.py`), all in the same run.
enum EncodeBenchmark {
    static func run() throws {
        let (inputs, latents, tokens, k) = (576, 4608, 4096, 32)
        print("\n## encode — SAE encoding (d_in \(inputs), width \(latents), \(tokens) tokens) against sgemm and NumPy")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flowbench-encode-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var random = GaussianStream(seed: 7)
        let batch = Matrix(rows: tokens, columns: inputs, values: (0..<(tokens * inputs)).map { _ in random.next() })
        var trained = TopKSAE(inputs: inputs, latents: latents, k: k, seed: 3)
        // Shift the biases so that about 64 features per token are positive (a realistic standard-SAE L0).
        let sample = LinearAlgebra.multiply(batch.rows(0..<64), trained.encoder, transposeB: true)
        var sorted = zip(sample.values.indices, sample.values).map { $1 + trained.encoderBias[$0 % latents] }
        sorted.sort()
        let cut = sorted[sorted.count - sorted.count * 64 / latents]
        trained.encoderBias = trained.encoderBias.map { $0 - cut }
        let quality = SAEQuality.measure(trained, on: [batch.rows(0..<64)])
        try TrainedSAEFolder.write(
            trained,
            .init(
                hookName: "blocks.0.hook_resid_post", layer: 0, modelName: "bench", trainingTokens: 0,
                quality: quality, seed: 3),
            to: folder)
        var warnings: [String] = []
        let topk = try SAELensReader.load(folder: folder, warnings: &warnings)
        var standard = topk
        standard.architecture = .standard

        let weights = Matrix(rows: inputs, columns: latents, values: try topk.encoder!.weight.floats())
        var product = Matrix(rows: tokens, columns: latents)
        let encoders = [("standard", try SAEEncoder(sae: standard)), ("topk", try SAEEncoder(sae: topk))]
        // Interleaved rounds, best of each: the sgemm baseline and the encoders see the same machine load.
        var sgemmSeconds = Double.infinity
        var encoderSeconds = [Double](repeating: .infinity, count: encoders.count)
        var active = [Int](repeating: 0, count: encoders.count)
        for _ in 0..<5 {
            sgemmSeconds = min(
                sgemmSeconds, TrainBenchmark.best(of: 1) { LinearAlgebra.sgemm(batch, weights, into: &product) })
            for (position, (_, encoder)) in encoders.enumerated() {
                encoderSeconds[position] = min(
                    encoderSeconds[position],
                    try bestThrowing(of: 1) { active[position] = try encoder.encode(batch).activeCount })
            }
        }
        let flops = 2.0 * Double(tokens * inputs * latents)
        print(String(format: "plain sgemm %.3f s = %.1f GFLOP/s", sgemmSeconds, flops / sgemmSeconds / 1e9))
        let numpy = numpyTimes(inputs: inputs, latents: latents, tokens: tokens, k: k)
        if let numpy, let seconds = numpy["sgemm"] {
            print(String(format: "NumPy matmul %.3f s = %.1f GFLOP/s", seconds, flops / seconds / 1e9))
        }
        for (position, (name, _)) in encoders.enumerated() {
            let seconds = encoderSeconds[position]
            let active = active[position]
            var line = String(
                format: "%-8@ %.3f s = %.1f GFLOP/s = %.2f of sgemm's rate (L0 %.1f)", name as NSString, seconds,
                flops / seconds / 1e9, sgemmSeconds / seconds, Double(active) / Double(tokens))
            if let reference = numpy?[name] {
                line += String(format: "; NumPy %.3f s, speed-up %.2f×", reference, reference / seconds)
            } else {
                line += "; NumPy reference not run (python3 with numpy not found)"
            }
            print(line)
        }
    }

    static func bestThrowing(of runs: Int, _ body: () throws -> Void) throws -> Double {
        var best = Double.infinity
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return best
    }

    /// Seconds per encoder from `bench/encoders/numpy_encode.py`, or nil when Python/NumPy is unavailable.
    static func numpyTimes(inputs: Int, latents: Int, tokens: Int, k: Int) -> [String: Double]? {
        let script = "bench/encoders/numpy_encode.py"
        guard FileManager.default.fileExists(atPath: script) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "\(inputs)", "\(latents)", "\(tokens)", "\(k)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Double]
    }
}
