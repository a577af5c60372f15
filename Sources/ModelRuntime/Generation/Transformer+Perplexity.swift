import Foundation

extension Transformer {
    /// The perplexity of `tokens`: the sequence is cut into consecutive windows of `window` tokens,
    /// each run from an empty context; every token after a window's first is predicted from the
    /// ones before it in the window. `progress` is told the tokens done after each window.
    public func perplexity(
        of tokens: [Int], window: Int = 512, progress: (Int) -> Void = { _ in }
    ) throws -> PerplexityResult {
        guard tokens.count >= 2, window >= 2 else { throw TransformerError.emptyInput }
        var total = 0.0
        var predicted = 0
        var start = 0
        while start < tokens.count - 1 {
            let chunk = Array(tokens[start..<min(tokens.count, start + window)])
            guard chunk.count >= 2 else { break }
            let logits = try forward([chunk]).logits
            let v = vocabularySize
            for t in 0..<(chunk.count - 1) {
                let row = logits[(t * v)..<((t + 1) * v)]
                let largest = Double(row.max() ?? 0)
                var sum = 0.0
                for value in row { sum += exp(Double(value) - largest) }
                total += largest + log(sum) - Double(row[row.startIndex + chunk[t + 1]])
                predicted += 1
            }
            start += chunk.count
            progress(start)
        }
        return PerplexityResult(predictedTokens: predicted, meanNegativeLogLikelihood: total / Double(predicted))
    }
}
