import FlowCore
import Foundation

/// Activations read from a dump folder (`featureflow capture` or the TransformerLens script): one
/// `<hook name>.npy` per hook (`[sequences, positions, d]`, F16 or F32), `tokens.npy` (`[sequences,
/// positions]`, integers), `capture.json` (`bos_at_position_0`, `padding`: `[{sequence, from_position}]`) and
/// optionally `mask.npy` (bool or uint8 `[sequences, positions]`, non-zero = skip the position).
public final class DumpActivationSource: ActivationSource {
    /// The folder.
    public let folder: String
    /// Sequences per batch.
    public let batch: Int
    public let sequenceCount: Int
    public let context: Int
    private let arrays: [String: TensorView]
    private let tokenView: TensorView
    private let skip: [Bool]
    /// The sequences read (all, or a shard's slice); indices stay those of the whole dump.
    public private(set) var range: Range<Int> = 0..<0
    private var done = 0

    /// Opens the dump; every hook in `hookNames` must have its file, all of the same sequences × positions.
    /// With `range`, only those sequences are read.
    public init(folder: String, hookNames: [String], batch: Int, range: Range<Int>? = nil) throws {
        self.folder = folder
        self.batch = max(1, batch)
        let tokensPath = folder + "/tokens.npy"
        tokenView = try NpyFile.open(path: tokensPath)
        guard tokenView.shape.count == 2 else {
            throw EvidenceError(path: tokensPath, "expected [sequences, positions], got \(tokenView.shape)")
        }
        let (sequences, positions) = (tokenView.shape[0], tokenView.shape[1])
        sequenceCount = sequences
        context = positions
        var arrays: [String: TensorView] = [:]
        for name in Set(hookNames).sorted() {
            let path = folder + "/\(name).npy"
            guard FileManager.default.fileExists(atPath: path) else {
                throw EvidenceError(path: path, "missing: the SAE set reads hook \(name)")
            }
            let view = try NpyFile.open(path: path)
            guard view.shape.count == 3, view.shape[0] == sequences, view.shape[1] == positions,
                view.dtype == .f32 || view.dtype == .f16
            else {
                throw EvidenceError(
                    path: path,
                    "expected F32/F16 [\(sequences), \(positions), d], got \(view.dtype.rawValue) \(view.shape)")
            }
            arrays[name] = view
        }
        self.arrays = arrays
        var skip = [Bool](repeating: false, count: sequences * positions)
        let manifestPath = folder + "/capture.json"
        if let data = FileManager.default.contents(atPath: manifestPath) {
            guard let manifest = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw EvidenceError(path: manifestPath, "not a JSON object")
            }
            if manifest["bos_at_position_0"] as? Bool == true {
                for s in 0..<sequences { skip[s * positions] = true }
            }
            for entry in manifest["padding"] as? [[String: Any]] ?? [] {
                guard let s = entry["sequence"] as? Int, let from = entry["from_position"] as? Int, s >= 0,
                    s < sequences, from >= 0
                else { throw EvidenceError(path: manifestPath, "malformed padding entry \(entry)") }
                for p in min(from, positions)..<positions { skip[s * positions + p] = true }
            }
        }
        let maskPath = folder + "/mask.npy"
        if FileManager.default.fileExists(atPath: maskPath) {
            let mask = try NpyFile.open(path: maskPath)
            guard mask.shape == [sequences, positions], mask.dtype == .bool || mask.dtype == .u8, mask.isRowMajor else {
                throw EvidenceError(path: maskPath, "expected bool [\(sequences), \(positions)], got \(mask.shape)")
            }
            let bytes = try mask.file.bytes(offset: mask.offset, length: sequences * positions)
            for (i, byte) in bytes.enumerated() where byte != 0 { skip[i] = true }
        }
        self.skip = skip
        self.range = (range ?? 0..<sequences).clamped(to: 0..<sequences)
        done = self.range.lowerBound
    }

    public func next() throws -> ActivationBatch? {
        guard done < self.range.upperBound else { return nil }
        let range = done..<min(self.range.upperBound, done + batch)
        done = range.upperBound
        var activations: [String: [Float]] = [:]
        for (name, view) in arrays {
            activations[name] = try view.rows(range).map { $0 }
        }
        let tokens = try range.map { try self.tokens(of: $0) }
        let keep = range.flatMap { s in (0..<context).map { !skip[s * context + $0] } }
        return ActivationBatch(
            sequences: Array(range), positions: context, tokens: tokens, keep: keep, activations: activations)
    }

    public func restrict(to range: Range<Int>) {
        self.range = range.clamped(to: 0..<sequenceCount)
        done = self.range.lowerBound
    }

    public func tokens(of index: Int) throws -> [Int] {
        try tokenView.rows(index..<(index + 1)).map { Int($0) }
    }
}
