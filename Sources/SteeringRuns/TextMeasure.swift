/// What evaluation reads from one generated text (docs/steering.md).
public struct TextMeasure: Sendable, Equatable {
    /// Mean negative log-likelihood of the generated tokens under the unsteered model, given the prompt.
    public var nll: Double
    /// Distinct bigrams over bigrams of the generated tokens (1 with fewer than two bigrams).
    public var distinct: Double
    /// Fraction of generated tokens at which a held-out theme feature is active (nil: none held out).
    public var features: Double?
    /// 1 when a keyword occurs in the text (case-insensitive), else 0 (nil: the theme has none).
    public var keywords: Double?

    /// A measure.
    public init(nll: Double, distinct: Double, features: Double?, keywords: Double?) {
        self.nll = nll
        self.distinct = distinct
        self.features = features
        self.keywords = keywords
    }

    /// Presence B: the mean of the parts that exist (0 when neither does).
    public var presence: Double {
        let parts = [features, keywords].compactMap { $0 }
        return parts.isEmpty ? 0 : parts.reduce(0, +) / Double(parts.count)
    }

    /// Coherence C against the baseline's mean NLL and distinct-bigram ratio for the same prompt:
    /// `min(1, exp(nll_base − nll)) · min(1, distinct / distinct_base)` — the perplexity ratio, times a
    /// penalty for repetition (repeating text has a low perplexity, and is not coherent).
    public func coherence(baselineNLL: Double, baselineDistinct: Double) -> Double {
        let fluency = min(1, exp(baselineNLL - nll))
        let variety = baselineDistinct > 0 ? min(1, distinct / baselineDistinct) : 1
        return fluency * variety
    }

    /// Distinct bigrams over bigrams of `tokens`.
    public static func distinctBigrams(_ tokens: [Int]) -> Double {
        guard tokens.count >= 3 else { return 1 }
        var seen = Set<[Int]>()
        for i in 0..<(tokens.count - 1) { seen.insert([tokens[i], tokens[i + 1]]) }
        return Double(seen.count) / Double(tokens.count - 1)
    }

    /// 1 when any keyword occurs in `text` (case-insensitive), 0 otherwise; nil without keywords.
    public static func keywordPresence(_ text: String, keywords: [String]) -> Double? {
        let words = keywords.filter { !$0.isEmpty }
        guard !words.isEmpty else { return nil }
        let lowered = text.lowercased()
        return words.contains { lowered.contains($0.lowercased()) } ? 1 : 0
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
