import Foundation

/// The one entry point to checkpoints: a path ending in `.gguf` opens a GGUF file, a folder opens a
/// Hugging Face checkpoint (`config.json` + safetensors).
public enum ModelCheckpoint {
    /// The checkpoint at `path`; errors name the file and the problem.
    public static func open(path: String) throws -> any CheckpointTensors {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw CheckpointError(path: path, .unreadable("no such file or folder"))
        }
        if isFolder.boolValue { return try HFCheckpoint(folder: path) }
        if path.lowercased().hasSuffix(".gguf") { return try GGUFCheckpoint(path: path) }
        throw CheckpointError(
            path: path, .unrecognised("not a model: expected a .gguf file or a Hugging Face folder with config.json"))
    }
}
