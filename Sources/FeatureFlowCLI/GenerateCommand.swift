import ArgumentParser
import FlowCore
import Foundation
import ModelRuntime

/// `featureflow generate`: continue a prompt with the model (KV-cached, greedy or sampled).
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Continue a prompt with a Llama-family or Gemma 2 model on the CPU.",
        discussion: """
            Greedy by default; --temperature above 0 samples, --top-p keeps the smallest set of likely tokens \
            reaching that probability. The same --seed gives the same text. Stops at the model's end tokens or \
            after --max-new tokens. The continuation goes to stdout as it is generated; speed to stderr.
            """)

    @OptionGroup var runtime: RuntimeModelOptions

    @Option(help: "The text to continue.")
    var prompt: String

    @Flag(help: "Wrap the prompt in the checkpoint's chat template (instruct models).")
    var chat = false

    @Option(name: .customLong("max-new"), help: "Most tokens to generate.")
    var maxNew: Int = 64

    @Option(help: "0 is greedy; higher samples more freely.")
    var temperature: Float = 0

    @Option(name: .customLong("top-p"), help: "Nucleus sampling mass (1 keeps every token).")
    var topP: Float = 1

    @Option(help: "Seed of the sampler.")
    var seed: UInt64 = 0

    func validate() throws {
        if maxNew < 1 { throw ValidationError("--max-new must be at least 1.") }
        if !(temperature >= 0) || !temperature.isFinite { throw ValidationError("--temperature must be 0 or more.") }
        if !(topP > 0 && topP <= 1) { throw ValidationError("--top-p must be in (0, 1].") }
    }

    func run() throws {
        let (model, tokenizer) = try runtime.load()
        let text = chat ? tokenizer.chatPrompt(user: prompt) : prompt
        let promptIDs = tokenizer.encode(text).map(Int.init)
        guard !promptIDs.isEmpty else { throw ValidationError("The prompt encodes to no tokens.") }
        let options = SamplingOptions(
            temperature: temperature, topP: topP, seed: seed, maxNewTokens: maxNew,
            stopTokens: Set(tokenizer.stopTokenIDs.map(Int.init)))
        let start = Date()
        var generated: [Int32] = []
        var printed = ""
        let output = FileHandle.standardOutput
        let tokens: [Int]
        do {
            tokens = try model.generate(prompt: promptIDs, options: options) { token in
                generated.append(Int32(token))
                let decoded = tokenizer.decode(generated, skipSpecial: true)
                // Print only whole characters: a byte-level token may end inside one.
                if decoded.hasPrefix(printed), !decoded.hasSuffix("\u{FFFD}") {
                    output.write(Data(decoded.dropFirst(printed.count).utf8))
                    printed = decoded
                }
                return true
            }
        } catch let error as TransformerError {
            throw RuntimeCommandError(path: runtime.model, message: error.description)
        }
        let final = tokenizer.decode(tokens.map(Int32.init), skipSpecial: true)
        if final.hasPrefix(printed) { output.write(Data(final.dropFirst(printed.count).utf8)) }
        output.write(Data("\n".utf8))
        let seconds = Date().timeIntervalSince(start)
        if !runtime.quiet {
            FeatureFlowCommand.printError(
                String(
                    format: "%d prompt + %d new tokens in %.2f s (%.1f tokens/s)", promptIDs.count, tokens.count,
                    seconds, Double(tokens.count) / max(seconds, 1e-9)))
        }
    }
}
