import CanonicalOutput
import FlowCore
import Foundation
import SAETraining

/// The output folder of `train-saes`: one SAELens folder per hook plus `training.json`. It is written
/// beside the target and swapped in at the end, so a failed run leaves the previous SAEs; a folder is
/// replaced only when it holds a previous run (its `training.json`).
enum TrainedSAEOutput {
    static let recordName = "training.json"

    /// Whether `folder` holds a finished run with this cache key.
    static func isCurrent(_ folder: String, key: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: folder + "/" + recordName),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return false }
        return object["cache_key"] as? String == key
    }

    /// Writes every SAE and the record, then swaps the folder in.
    static func write(
        _ results: [SAETrainingRun.Result], inputs: TrainingInputs, trainingTokens: Int, to folder: String
    ) throws {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        if manager.fileExists(atPath: folder, isDirectory: &isFolder) {
            let empty = (try? manager.contentsOfDirectory(atPath: folder).isEmpty) ?? false
            guard isFolder.boolValue, empty || manager.fileExists(atPath: folder + "/" + recordName) else {
                throw SyntheticError(
                    path: folder, .io("exists and is not a previous train-saes output (no \(recordName)); not replaced")
                )
            }
        }
        let staging = folder + ".partial-\(getpid())"
        try? manager.removeItem(atPath: staging)
        var rows: [JSONValue] = []
        for result in results {
            let name = result.hook.name
            let description = TrainedSAEFolder.Description(
                hookName: name, layer: result.hook.layer ?? 0, modelName: (inputs.model as NSString).lastPathComponent,
                trainingTokens: trainingTokens, quality: result.quality, seed: inputs.settings.seed)
            try TrainedSAEFolder.write(result.sae, description, to: staging + "/" + name)
            rows.append(
                .object([
                    "hook": .string(name),
                    "heldout_fve": .double(result.quality.fractionOfVarianceExplained, decimals: 4),
                    "heldout_l0": .double(result.quality.meanL0, decimals: 2),
                    "heldout_dead_fraction": .double(result.quality.deadFraction, decimals: 4),
                    "heldout_massive_tokens_left_out": .int(result.quality.massiveTokensLeftOut),
                ]))
        }
        let record = JSONValue.object([
            "cache_key": .string(inputs.cacheKey),
            "model": .string(inputs.model),
            "model_sha256": .string(inputs.modelChecksum),
            "text_sha256": .object(inputs.textChecksums.mapValues { .string($0) }),
            "settings": .string(inputs.settings.summary),
            "training_tokens": .int(trainingTokens),
            "saes": .array(rows),
        ])
        let text = record.rendered(expandDepth: 3) + "\n"
        guard manager.createFile(atPath: staging + "/" + recordName, contents: Data(text.utf8)) else {
            throw SyntheticError(path: staging + "/" + recordName, .io("cannot write file"))
        }
        let previous = folder + ".previous-\(getpid())"
        if manager.fileExists(atPath: folder) { try manager.moveItem(atPath: folder, toPath: previous) }
        try manager.moveItem(atPath: staging, toPath: folder)
        try? manager.removeItem(atPath: previous)
    }
}
