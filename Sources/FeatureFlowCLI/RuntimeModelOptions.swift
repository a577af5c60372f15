import ArgumentParser
import FlowCore
import Foundation
import ModelRuntime

/// The model argument and runtime options shared by `generate`, `perplexity` and `capture`.
struct RuntimeModelOptions: ParsableArguments {
    @Argument(help: "A GGUF file or a Hugging Face folder (config.json, safetensors, tokenizer.json).")
    var model: String

    @Option(
        name: .customLong("weight-cache"),
        help: "MiB of weights kept decoded as F32 (faster; 0 decodes tiles on the fly every pass).")
    var weightCacheMiB: Int = 1024

    @Flag(name: .long, help: "No progress on stderr.")
    var quiet = false

    func validate() throws {
        if weightCacheMiB < 0 { throw ValidationError("--weight-cache must be 0 or more.") }
    }

    /// The checkpoint as a runnable model and its tokeniser; errors name the file.
    func load() throws -> (Transformer, Tokenizer) {
        do {
            let checkpoint = try ModelCheckpoint.open(path: model)
            let tokenizer = try Tokenizer.load(path: model)
            let transformer = try Transformer(checkpoint: checkpoint, weightCacheBytes: weightCacheMiB << 20)
            return (transformer, tokenizer)
        } catch let error as TransformerError {
            throw RuntimeCommandError(path: model, message: error.description)
        }
    }
}
