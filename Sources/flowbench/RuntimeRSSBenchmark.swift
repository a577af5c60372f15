import Foundation
import ModelRuntime

/// `flowbench rss`: peak RSS while prefilling a Gemma-2-2B-shaped BF16 Hugging Face checkpoint
/// (config.json + sharded safetensors, random weights, about 5.2 GB, written to a temp folder and
/// deleted after) with the CLI's default 1 GiB weight cache. The prefill runs in a child process
/// (`flowbench rss --runtime-rss-child FOLDER`) that prints its own VmHWM, so only the runtime counts:
/// mapped weight pages it touched, the bounded F32 cache, activations.
enum RuntimeRSSBenchmark {
    static let sequences = 2
    static let positions = 64

    static func run(arguments: [String]) throws {
        setvbuf(stdout, nil, _IOLBF, 0)  // figures appear as they are measured, even when piped
        if let folder = RuntimeBenchModel.value(of: "--runtime-rss-child", in: arguments) {
            child(folder: folder)
            return
        }
        print(
            "\n## rss — peak RSS prefilling a Gemma-2-2B-shaped BF16 checkpoint (random weights, \(sequences) × \(positions) tokens)"
        )
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "flowbench-gemma2-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var start = RuntimeBenchModel.now()
        let fileBytes = try GemmaShapedCheckpoint.write(to: folder)
        print(
            String(
                format: "  wrote %.2f GB (config.json + safetensors shards) in %.1f s", Double(fileBytes) / 1e9,
                RuntimeBenchModel.now() - start))
        start = RuntimeBenchModel.now()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = ["rss", "--runtime-rss-child", folder.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        func field(_ key: String) -> String? {
            text.split(separator: "\n").first { $0.hasPrefix(key + " ") }.map { String($0.dropFirst(key.count + 1)) }
        }
        guard let kb = field("VmHWM-kB").flatMap(Int.init), kb > 0 else {
            print("  child failed (exit \(process.terminationStatus)): \(text)")
            return
        }
        let peak = Double(kb) * 1024
        print(
            String(
                format: "  child: prefill %@ s, F32 weight cache %@ MiB; load average %@",
                field("prefill-seconds") ?? "?", field("cached-MiB") ?? "?", RuntimeBenchModel.load()))
        print(
            String(
                format: "  peak RSS (VmHWM) %.2f GB = %.3f × the checkpoint's %.2f GB (target < 1.5)", peak / 1e9,
                peak / Double(fileBytes), Double(fileBytes) / 1e9))
    }

    /// Prefills the checkpoint in `folder` and prints `VmHWM-kB`, `prefill-seconds` and `cached-MiB`.
    static func child(folder: String) {
        do {
            let model = try Transformer(checkpoint: try HFCheckpoint(folder: folder), weightCacheBytes: 1 << 30)
            let batch = (0..<sequences).map {
                RuntimeBenchModel.tokens(positions, vocabulary: model.vocabularySize, seed: UInt64($0 + 1))
            }
            let capture = Set((0..<model.config.layerCount).map { TransformerHook.residPost($0) })
            let start = RuntimeBenchModel.now()
            let output = try model.forward(batch, hooks: ForwardHooks(capture: capture), logits: .last)
            let seconds = RuntimeBenchModel.now() - start
            guard output.logits.allSatisfy(\.isFinite) else {
                print("error: non-finite logits")
                return
            }
            print(String(format: "prefill-seconds %.1f", seconds))
            print("cached-MiB \(model.cachedWeightBytes >> 20)")
        } catch {
            print("error: \(error)")
            return
        }
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
        print("VmHWM-kB \(line.split(separator: " ").compactMap { Int($0) }.first ?? 0)")
    }
}
