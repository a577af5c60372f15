import CanonicalOutput
import FlowCore
import Foundation

/// Writes a synthetic family into a folder: one SAELens folder per SAE, `truth.json`, `labels.jsonl`
/// (Neuronpedia explanation-export rows) and the marker `.featureflow-synth.json`, which lists every file a
/// run wrote so the next run may replace exactly those. Refuses a non-empty folder without the marker unless
/// `overwrite` is set; never deletes anything it did not write.
public struct SyntheticFamilyWriter: Sendable {
    /// Name of the marker file.
    public static let markerName = ".featureflow-synth.json"
    /// Name of the truth file.
    public static let truthName = "truth.json"
    /// Name of the labels file.
    public static let labelsName = "labels.jsonl"

    /// The family to write.
    public let options: SyntheticFamilyOptions
    /// Write into a non-empty folder that holds no marker (files of the same names are replaced).
    public let overwrite: Bool

    /// A writer.
    public init(options: SyntheticFamilyOptions, overwrite: Bool = false) {
        self.options = options
        self.overwrite = overwrite
    }

    /// One SAE folder written.
    public struct Written: Sendable {
        /// Folder name (= hook name).
        public var folder: String
        /// Layer.
        public var layer: Int
        /// HookSite.
        public var hookSite: HookSite
        /// Bytes written (cfg.json + weights).
        public var bytes: Int
    }

    /// What a run wrote.
    public struct Summary: Sendable {
        /// Every SAE folder, in order.
        public var saes: [Written]
        /// Bytes of truth.json.
        public var truthBytes: Int
        /// Bytes of labels.jsonl.
        public var labelsBytes: Int
        /// The truth.
        public var truth: SyntheticTruth

        /// Bytes of all SAE folders.
        public var saeBytes: Int { saes.reduce(0) { $0 + $1.bytes } }
    }

    /// Generates and writes the family into `directory`, calling `progress` after each SAE folder.
    public func write(to directory: String, progress: (Written) -> Void = { _ in }) throws -> Summary {
        let generator = try SyntheticFamilyGenerator(options: options)
        let fileManager = FileManager.default
        try prepare(directory)
        let folders = (0..<options.layers).flatMap { layer in
            HookSite.allCases.map { SyntheticFamilyOptions.hookName(layer: layer, hookSite: $0) }
        }
        let files =
            folders.flatMap { ["\($0)/cfg.json", "\($0)/sae_weights.safetensors"] } + [Self.truthName, Self.labelsName]
        let marker: JSONValue = .object([
            "generator": .string("featureflow \(FlowCore.version) synth"),
            "seed": .string(String(options.seed)), "layers": .int(options.layers), "dModel": .int(options.dModel),
            "width": .int(options.width), "dtype": .string(options.dtype.rawValue),
            "files": .array(files.map { .string($0) }),
        ])
        try writeText(marker.rendered(expandDepth: 1) + "\n", to: directory + "/" + Self.markerName)

        let labelsPath = directory + "/" + Self.labelsName
        guard fileManager.createFile(atPath: labelsPath, contents: nil),
            let labels = FileHandle(forWritingAtPath: labelsPath)
        else { throw SyntheticError(path: labelsPath, .io("cannot create file")) }
        defer { try? labels.close() }
        var labelsBytes = 0
        var written: [Written] = []
        let truth = try generator.generate { sae in
            let bytes = try SAELensFolderWriter.write(
                sae, dtype: options.dtype, to: directory + "/" + sae.hookName)
            let entry = Written(folder: sae.hookName, layer: sae.layer, hookSite: sae.hookSite, bytes: bytes)
            written.append(entry)
            let lines = Self.labelLines(for: sae)
            labelsBytes += lines.utf8.count
            do { try labels.write(contentsOf: Data(lines.utf8)) } catch {
                throw SyntheticError(path: labelsPath, .io("write failed: \(error.localizedDescription)"))
            }
            progress(entry)
        }
        let truthText = truth.jsonText
        try writeText(truthText, to: directory + "/" + Self.truthName)
        return Summary(saes: written, truthBytes: truthText.utf8.count, labelsBytes: labelsBytes, truth: truth)
    }

    /// labels.jsonl rows for `sae`: Neuronpedia explanation-export shape (FORMATS.md §8), `index` a string.
    public static func labelLines(for sae: SyntheticSAE) -> String {
        var text = ""
        let source = "\(sae.layer)-synthetic-\(sae.hookSite.rawValue)"
        for (index, label) in sae.labels.enumerated() {
            let row: JSONValue = .object([
                "modelId": .string("synthetic"), "layer": .string(source), "index": .string(String(index)),
                "description": .string(label), "explanationModelName": .string("featureflow-synth"),
                "typeName": .string("planted"),
            ])
            text += row.rendered() + "\n"
        }
        return text
    }

    /// Makes sure `directory` may be written: creates it, or accepts it empty, or removes the files a previous
    /// run listed in its marker, or (with `overwrite`) writes over whatever is there.
    func prepare(_ directory: String) throws {
        let fileManager = FileManager.default
        var isFolder: ObjCBool = false
        guard fileManager.fileExists(atPath: directory, isDirectory: &isFolder) else {
            do {
                return try fileManager.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw SyntheticError(path: directory, .io("cannot create folder: \(error.localizedDescription)"))
            }
        }
        guard isFolder.boolValue else { throw SyntheticError(path: directory, .outputNotAFolder) }
        let contents = (try? fileManager.contentsOfDirectory(atPath: directory)) ?? []
        if contents.isEmpty { return }
        let markerPath = directory + "/" + Self.markerName
        if contents.contains(Self.markerName) {
            try removePreviousRun(directory, markerPath: markerPath)
        } else if !overwrite {
            throw SyntheticError(path: directory, .outputNotEmpty)
        }
    }

    /// Removes exactly the files a previous run's marker lists (relative paths only), then folders it left empty.
    private func removePreviousRun(_ directory: String, markerPath: String) throws {
        let fileManager = FileManager.default
        guard let data = fileManager.contents(atPath: markerPath),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let files = object["files"] as? [String]
        else {
            if overwrite { return }
            throw SyntheticError(path: markerPath, .io("unreadable synth marker; pass --overwrite to write anyway"))
        }
        var folders = Set<String>()
        for file in files {
            let parts = file.split(separator: "/")
            guard !file.hasPrefix("/"), !parts.contains(".."), !parts.isEmpty else { continue }
            let path = directory + "/" + file
            if fileManager.fileExists(atPath: path) {
                do { try fileManager.removeItem(atPath: path) } catch {
                    throw SyntheticError(path: path, .io("cannot remove: \(error.localizedDescription)"))
                }
            }
            if parts.count > 1 { folders.insert(parts.dropLast().joined(separator: "/")) }
        }
        for folder in folders.sorted() {
            let path = directory + "/" + folder
            if let left = try? fileManager.contentsOfDirectory(atPath: path), left.isEmpty {
                try? fileManager.removeItem(atPath: path)
            }
        }
        try? fileManager.removeItem(atPath: markerPath)
    }

    private func writeText(_ text: String, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw SyntheticError(path: path, .io("cannot write file"))
        }
    }
}
