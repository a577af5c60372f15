import Foundation
import Testing

@testable import SteeringRuns

/// The evaluation formulas of docs/steering.md, against values computed by hand.
@Suite struct TextMeasureTests {
    @Test func coherenceIsThePerplexityRatioTimesTheRepetitionRatioCappedAtOne() {
        let steered = TextMeasure(nll: 3, distinct: 0.5, features: 0.25, keywords: 1)
        // exp(2 − 3) · (0.5 / 0.8)
        #expect(abs(steered.coherence(baselineNLL: 2, baselineDistinct: 0.8) - exp(-1) * 0.625) < 1e-12)
        // More fluent and more varied than the baseline: capped at 1.
        #expect(steered.coherence(baselineNLL: 4, baselineDistinct: 0.4) == 1)
        #expect(steered.presence == 0.625)
        #expect(TextMeasure(nll: 1, distinct: 1, features: nil, keywords: nil).presence == 0)
        #expect(TextMeasure(nll: 1, distinct: 1, features: 0.5, keywords: nil).presence == 0.5)
    }

    @Test func distinctBigramsAndKeywords() {
        // Bigrams (1,2) (2,1) (1,2) (2,1): 2 distinct of 4.
        #expect(TextMeasure.distinctBigrams([1, 2, 1, 2, 1]) == 0.5)
        #expect(TextMeasure.distinctBigrams([7, 7]) == 1)
        #expect(TextMeasure.keywordPresence("The Eiffel tower", keywords: ["eiffel"]) == 1)
        #expect(TextMeasure.keywordPresence("The tower", keywords: ["eiffel", ""]) == 0)
        #expect(TextMeasure.keywordPresence("x", keywords: []) == nil)
    }
}
