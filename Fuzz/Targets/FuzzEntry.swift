import Foundation

/// libFuzzer entry point: runs the target named by `FUZZ_TARGET` on one input. Thrown errors are expected
/// outcomes; a crash, a sanitizer report, a hang (`-timeout`) or an oversized allocation (`-malloc_limit_mb`)
/// is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    FuzzTargets.selected(bytes)
    return 0
}

/// The fuzz targets, one per input surface.
enum FuzzTargets {
    /// Every target by name.
    static let all: [String: ([UInt8]) -> Void] = [
        "safetensors": safetensors, "npy": npy, "npz": npz, "config": config, "manifest": manifest,
        "labels": labels, "gguf": gguf, "tokenizer": tokenizerJSON, "hfconfig": checkpointConfig,
        "torch": torch, "pickle": pickle,
    ]

    /// The target chosen by the environment (checked once).
    static let selected: ([UInt8]) -> Void = {
        let name = ProcessInfo.processInfo.environment["FUZZ_TARGET"] ?? ""
        guard let target = all[name] else {
            FileHandle.standardError.write(
                Data("FUZZ_TARGET must be one of: \(all.keys.sorted().joined(separator: ", "))\n".utf8))
            exit(2)
        }
        return target
    }()

    /// A private scratch folder for targets that read files.
    static let scratch: String = {
        let path = NSTemporaryDirectory() + "featureflow-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    /// Writes `bytes` to `path` (plain write, no sync).
    static func put(_ bytes: [UInt8], _ path: String) {
        try? Data(bytes).write(to: URL(fileURLWithPath: path))
    }
}
