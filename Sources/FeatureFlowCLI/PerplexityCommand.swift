import ArgumentParser
import FlowCore
import FlowExport
import Foundation
import ModelRuntime

/// `featureflow perplexity`: the model's perplexity on a text file.
struct PerplexityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "perplexity",
        abstract: "Measure a model's perplexity on a text file (mean negative log-likelihood, exponentiated).",
        discussion: """
            The text is tokenised as the checkpoint says (BOS when it adds one) and cut into windows of \
            --window tokens, each run from an empty context; every token after a window's first is scored.
            """)

    @OptionGroup var runtime: RuntimeModelOptions

    @Option(help: "The text file to score (UTF-8).")
    var text: String

    @Option(help: "Tokens per window.")
    var window: Int = 512

    func validate() throws {
        if window < 2 { throw ValidationError("--window must be at least 2.") }
    }

    func run() throws {
        guard let data = FileManager.default.contents(atPath: text) else {
            throw RuntimeCommandError(path: text, message: "cannot read the file")
        }
        guard let content = String(data: data, encoding: .utf8) else {
            throw RuntimeCommandError(path: text, message: "not UTF-8 text")
        }
        let (model, tokenizer) = try runtime.load()
        let ids = tokenizer.encode(content).map(Int.init)
        guard ids.count >= 2 else { throw RuntimeCommandError(path: text, message: "fewer than two tokens to score") }
        let printer = ProgressPrinter(quiet: runtime.quiet)
        let start = Date()
        let result: PerplexityResult
        do {
            result = try model.perplexity(of: ids, window: window) { done in
                let elapsed = Date().timeIntervalSince(start)
                printer.progress(
                    done: Double(done), total: Double(ids.count), elapsed: elapsed,
                    detail: String(format: "%.0f tokens/s", Double(done) / max(elapsed, 1e-9)))
            }
        } catch let error as TransformerError {
            throw RuntimeCommandError(path: runtime.model, message: error.description)
        }
        printer.endProgress()
        print(
            String(
                format: "perplexity %.4f (mean NLL %.6f nats over %d predicted tokens of %d)", result.perplexity,
                result.meanNegativeLogLikelihood, result.predictedTokens, ids.count))
    }
}
