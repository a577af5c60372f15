import Foundation

extension Tokenizer {
    /// The tokeniser of the model at `path`: a `.gguf` file's metadata, a folder's `tokenizer.json`, or a
    /// `tokenizer.json` given directly. Errors name the file.
    public static func load(path: String) throws -> Tokenizer {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw TokenizerError(path: path, .unreadable("no such file or folder"))
        }
        if isFolder.boolValue { return try Tokenizer(tokenizerJSON: path + "/tokenizer.json") }
        if path.lowercased().hasSuffix(".gguf") {
            do {
                return try Tokenizer(gguf: GGUFFile(path: path))
            } catch let error as CheckpointError {
                throw TokenizerError(path: error.path, .unreadable(error.message))
            }
        }
        return try Tokenizer(tokenizerJSON: path)
    }
}
