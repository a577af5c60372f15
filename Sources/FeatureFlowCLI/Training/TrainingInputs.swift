import Codecs
import Foundation
import ModelRuntime

/// The inputs of a training run, identified by content: the cache key changes when the model, the
/// text or a setting does.
struct TrainingInputs {
    /// SHA-256 of the model (its file, or its folder's files in name order).
    let modelChecksum: String
    /// SHA-256 of every training and held-out file, in the order given.
    let textChecksums: [String: String]
    /// The settings.
    let settings: SAETrainingSettings
    /// The model path as given.
    let model: String

    init(model: String, text: [String], heldout: [String], settings: SAETrainingSettings) throws {
        self.model = model
        self.settings = settings
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: model, isDirectory: &isFolder) else {
            throw CorpusError(path: model, .unreadable("no such file or folder"))
        }
        if isFolder.boolValue {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: model)) ?? []).sorted()
            var lines = ""
            for name in names where name.hasSuffix(".json") || name.hasSuffix(".safetensors") {
                lines += "\(name) \(try Self.sha256(ofFile: model + "/" + name))\n"
            }
            modelChecksum = Array(lines.utf8).withUnsafeBytes { SHA256.hex(of: $0) }
        } else {
            modelChecksum = try Self.sha256(ofFile: model)
        }
        var checksums: [String: String] = [:]
        for file in text + heldout { checksums[file] = try Self.sha256(ofFile: file) }
        textChecksums = checksums
    }

    /// One hash over everything that decides the result.
    var cacheKey: String {
        let lines =
            ["model \(modelChecksum)", "settings \(settings.summary)"]
            + textChecksums.keys.sorted().map { "text \(textChecksums[$0]!)" }
        return Array(lines.joined(separator: "\n").utf8).withUnsafeBytes { SHA256.hex(of: $0) }
    }

    /// SHA-256 (hex) of a file, streamed.
    static func sha256(ofFile path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CorpusError(path: path, .unreadable("cannot open"))
        }
        defer { try? handle.close() }
        var digest = SHA256()
        while let block = try handle.read(upToCount: 8 << 20), !block.isEmpty {
            block.withUnsafeBytes { digest.update($0) }
        }
        return digest.finalizeHex()
    }
}
