import FlowCore
import Foundation
import LinearAlgebra

/// Matching benchmark (issue 3): on random decoders of real shapes, times (a) one plain sgemm of the
/// same product, (b) featureflow's exact top-k match, (c) the NumPy reference `bench/match_reference.py`
/// (same algorithm: normalise, tiled matmul, argpartition top-k) run as a subprocess in the same run;
/// prints GFLOP/s and the ratios b/a (target ≥ 0.85) and c/b (target < 1, i.e. (b) faster).
/// Then the peak RSS (VmHWM) of matching 4- and 8-layer Gemma-2B-shaped sets, each in a child process.
/// Flags: `--skip-match` skips this section, `--skip-rss` only its RSS part, `--skip-products` its timings.
///
/// Shapes: Gemma 2 2B 16k (16384 × 2304 against 16384 × 2304, F32); Llama Scope 8x in BF16, a slice of
/// the first 4096 of the 32768 residual features against all 32768 candidates (4096-d).
enum MatchBenchmark {
    static let topK = 5

    static func run(arguments: [String]) {
        if let i = arguments.firstIndex(of: "--match-rss-child"), i + 1 < arguments.count,
            let layers = Int(arguments[i + 1])
        {
            rssChild(layers: layers)
            exit(0)
        }
        if arguments.contains("--skip-match") { return }
        print("\n== matching (OpenBLAS \(LinearAlgebra.openBLASConfig), \(LinearAlgebra.openBLASThreads) threads) ==")
        if !arguments.contains("--skip-products") {
            compare(
                name: "Gemma-2B 16k F32  16384×2304 · 16384×2304", rowsA: 16384, rowsB: 16384, dim: 2304, bf16: false)
            compare(
                name: "Llama-Scope 8x BF16 4096(slice)×4096 · 32768×4096", rowsA: 4096, rowsB: 32768, dim: 4096,
                bf16: true)
        }
        if arguments.contains("--skip-rss") { return }
        print("\n-- peak RSS (VmHWM) of `match` on Gemma-2B-shaped sets (res + mlp per layer, 16384 × 2304) --")
        var peaks: [Int: Int] = [:]
        for layers in [4, 8] {
            let (kb, seconds) = rssParent(layers: layers)
            peaks[layers] = kb
            print(String(format: "%d layers: peak RSS %.0f MB (%.1f s)", layers, Double(kb) / 1024, seconds))
        }
        if let p4 = peaks[4], let p8 = peaks[8], p4 > 0 {
            print(
                String(format: "8-layer / 4-layer peak: %.3f  (target: same, both < 2048 MB)", Double(p8) / Double(p4)))
        }
    }

    /// Random decoder values in [-1, 1), BF16-exact when asked.
    static func randomValues(_ count: Int, seed: UInt64, bf16: Bool) -> [Float] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let v = Float(Int32(truncatingIfNeeded: state >> 32)) / Float(Int32.max)
            return bf16 ? Float(bitPattern: v.bitPattern & 0xFFFF_0000) : v
        }
    }

    /// A decoder that stores BF16 and converts rows to F32 on read (like an mmap'd BF16 file).
    static func bf16Decoder(rows: Int, columns: Int, values: [Float]) -> DecoderMatrix {
        let stored: [UInt16] = values.map { UInt16($0.bitPattern >> 16) }
        return DecoderMatrix(rows: rows, columns: columns) { range, out in
            let lo = range.lowerBound * columns
            for i in out.indices { out[i] = Float(bitPattern: UInt32(stored[lo + i]) << 16) }
        }
    }

    static func sae(layer: Int, hookSite: HookSite, decoder: DecoderMatrix, dtype: String) -> SAE {
        SAE(
            source: SAESource(
                path: "bench/\(layer)-\(hookSite.rawValue)", weightFiles: [], format: .saelens, dtype: dtype),
            layer: layer, hookSite: hookSite, hookName: "blocks.\(layer).hook_resid_post", dIn: decoder.columns,
            dSAE: decoder.rows, architecture: .standard, decoder: decoder)
    }

    static func compare(name: String, rowsA: Int, rowsB: Int, dim: Int, bf16: Bool) {
        let flops = 2 * Double(rowsA) * Double(rowsB) * Double(dim)
        print("\n\(name): \(String(format: "%.2f", flops / 1e12)) TFLOP per product, k = \(topK)")
        let aValues = randomValues(rowsA * dim, seed: 11, bf16: bf16)
        let bValues = randomValues(rowsB * dim, seed: 12, bf16: bf16)

        // (a) One plain sgemm of the same product (F32 operands already in memory, full output).
        let a = Matrix(rows: rowsA, columns: dim, values: aValues)
        let b = Matrix(rows: rowsB, columns: dim, values: bValues)
        var c = Matrix(rows: rowsA, columns: rowsB)
        let t0 = TopKProduct.now()
        LinearAlgebra.sgemm(a, b, transposeB: true, into: &c)
        let plain = TopKProduct.now() - t0
        c = Matrix(rows: 0, columns: 0)
        let gA = flops / plain / 1e9
        print(String(format: "  (a) plain sgemm           %7.2f s  %7.1f GFLOP/s", plain, gA))

        // (b) featureflow match: R_0 (the A rows) forward against R_1 (all B rows), decoders read through
        // DecoderMatrix (BF16 converted on the fly), normalised, tiled sgemm + top-k of rows and columns
        // (the same product also gives R_1's backward matches).
        let decoderA =
            bf16
            ? bf16Decoder(rows: rowsA, columns: dim, values: aValues)
            : DecoderMatrix(rows: rowsA, columns: dim, values: aValues)
        let decoderB =
            bf16
            ? bf16Decoder(rows: rowsB, columns: dim, values: bValues)
            : DecoderMatrix(rows: rowsB, columns: dim, values: bValues)
        let dtype = bf16 ? "BF16" : "F32"
        let matcher = FeatureMatcher(options: MatchOptions(topK: topK))
        var matched = 0
        let t1 = TopKProduct.now()
        do {
            let plans = try matcher.plan(saes: [
                sae(layer: 0, hookSite: .res, decoder: decoderA, dtype: dtype),
                sae(layer: 1, hookSite: .res, decoder: decoderB, dtype: dtype),
            ])
            try matcher.run(plans: plans) { matched += $0.comparisons.count }
        } catch {
            print("  (b) failed: \(error)")
            return
        }
        let ours = TopKProduct.now() - t1
        let gB = flops / ours / 1e9
        print(
            String(
                format: "  (b) featureflow top-k     %7.2f s  %7.1f GFLOP/s  (%d comparisons from 1 product)", ours, gB,
                matched))

        // (b') The kernel alone on normalised F32 operands: share of time spent selecting.
        var na = a
        var nb = b
        na.normalizeRows()
        nb.normalizeRows()
        let kernel = TopKProduct()
        var rows = TopKAccumulator(rows: rowsA, k: topK)
        var columns: TopKAccumulator? = TopKAccumulator(rows: rowsB, k: topK)
        kernel.accumulate(a: na, b: nb, rowTopK: &rows, columnTopK: &columns)
        print(
            String(
                format: "  (b') kernel: gemm %.2f s, top-k rows+columns %.2f s (%.1f %% of kernel time)",
                kernel.gemmSeconds, kernel.selectSeconds,
                100 * kernel.selectSeconds / (kernel.gemmSeconds + kernel.selectSeconds)))

        // (c) NumPy reference.
        guard let numpy = runNumPy(rowsA: rowsA, rowsB: rowsB, dim: dim, bf16: bf16) else { return }
        print(String(format: "  (c) NumPy reference       %7.2f s  %7.1f GFLOP/s", numpy, flops / numpy / 1e9))
        print(
            String(
                format:
                    "  ratios: b/a = %.3f (throughput, target ≥ 0.85)   c/b = %.3f (time, >1 means featureflow faster)",
                gB / gA, numpy / ours))
    }

    /// Seconds of the timed part of `bench/match_reference.py`, or nil (with a message) when it cannot run.
    static func runNumPy(rowsA: Int, rowsB: Int, dim: Int, bf16: Bool) -> Double? {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("bench/match_reference.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", script, "--rows-a", "\(rowsA)", "--rows-b", "\(rowsB)", "--dim", "\(dim)", "--k", "\(topK)",
            "--dtype", bf16 ? "bf16" : "f32",
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch {
            print("  (c) NumPy reference not run: \(error)")
            return nil
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let seconds = json["seconds"] as? Double
        else {
            print(
                "  (c) NumPy reference failed (exit \(process.terminationStatus)): \(String(decoding: data, as: UTF8.self))"
            )
            return nil
        }
        return seconds
    }

    /// Runs this executable as `--match-rss-child N` and reads the VmHWM line it prints.
    static func rssParent(layers: Int) -> (Int, Double) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = ["--match-rss-child", "\(layers)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        let start = TopKProduct.now()
        do { try process.run() } catch { return (0, 0) }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        let kb = text.split(separator: "\n").first { $0.hasPrefix("VmHWM-kB ") }.flatMap { Int($0.dropFirst(9)) } ?? 0
        if kb == 0 { print(text) }
        return (kb, TopKProduct.now() - start)
    }

    /// Child: matches a `layers`-layer Gemma-2B-shaped set (res + mlp, 16384 × 2304 F32) into a temp
    /// flow database and prints its VmHWM. Decoder rows are generated on read (deterministic hash), as
    /// if streamed from files, so only the engine's own memory counts.
    static func rssChild(layers: Int) {
        let rows = 16384
        let columns = 2304
        var saes: [SAE] = []
        for layer in 0..<layers {
            for hookSite in [HookSite.res, .mlp] {
                let seed = UInt64(layer * 2 + (hookSite == .res ? 0 : 1) + 1)
                let decoder = DecoderMatrix(rows: rows, columns: columns) { range, out in
                    for r in range {
                        var state = seed &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(r) &* 0xBF58_476D_1CE4_E5B9
                        let base = (r - range.lowerBound) * columns
                        for c in 0..<columns {
                            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                            out[base + c] = Float(Int32(truncatingIfNeeded: state >> 32)) / Float(Int32.max)
                        }
                    }
                }
                saes.append(sae(layer: layer, hookSite: hookSite, decoder: decoder, dtype: "F32"))
            }
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flowbench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let database = try FlowDatabase(path: folder.appendingPathComponent("flow.sqlite").path)
            _ = try MatchPipeline(matcher: FeatureMatcher(options: MatchOptions(topK: topK)), database: database).run(
                saes: saes, request: .init(input: "bench"))
        } catch {
            print("error: \(error)")
        }
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
        let kb = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
        print("VmHWM-kB \(kb)")
    }
}
