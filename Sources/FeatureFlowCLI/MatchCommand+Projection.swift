import ArgumentParser
import FlowCore

extension MatchCommand {
    /// The hook_z projection for `--model DIR`. Placeholder until the model reader (`ModelWeights`,
    /// branch `weights`) is merged: then this reads W_O and the gain with `attentionOutput(layer:)`.
    static func projection(modelDirectory: String, identity: String) throws -> (SAE) throws -> AttentionProjection {
        throw ValidationError("--model: the model weights reader is not available in this build")
    }
}
