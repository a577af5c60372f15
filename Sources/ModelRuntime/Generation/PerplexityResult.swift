import Foundation

/// The perplexity of a token sequence under a model.
public struct PerplexityResult: Sendable, Equatable {
    /// Tokens predicted (every token but the first of each window).
    public let predictedTokens: Int
    /// Mean negative log-likelihood in nats.
    public let meanNegativeLogLikelihood: Double
    /// `exp(meanNegativeLogLikelihood)`.
    public var perplexity: Double { exp(meanNegativeLogLikelihood) }

    /// A result from its two measurements.
    public init(predictedTokens: Int, meanNegativeLogLikelihood: Double) {
        self.predictedTokens = predictedTokens
        self.meanNegativeLogLikelihood = meanNegativeLogLikelihood
    }
}
