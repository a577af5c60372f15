import Foundation
import Testing

@testable import ModelRuntime

/// Incremental decoding, sampling and perplexity.
@Suite struct GenerationTests {
    @Test(arguments: TransformerFixture.names)
    func cachedDecodingEqualsTheFullRun(name: String) throws {
        let fixture = try TransformerFixture(name)
        let model = try Transformer(checkpoint: fixture.checkpoint)
        let v = model.vocabularySize
        let t = fixture.tokens[0].count
        for (s, sequence) in fixture.tokens.enumerated() {
            let full = Array(fixture.expected["logits"]![(s * t * v)..<((s + 1) * t * v)])
            let cache = KeyValueCache(config: model.config, capacity: t)
            let prefill = try model.forward([Array(sequence[0..<3])], cache: cache).logits
            #expect(TransformerFixture.relativeError(prefill, Array(full[0..<(3 * v)])) <= 1e-4)
            for p in 3..<t {
                let step = try model.forward([[sequence[p]]], logits: .last, cache: cache).logits
                let error = TransformerFixture.relativeError(step, Array(full[(p * v)..<((p + 1) * v)]))
                #expect(error <= 1e-4, "\(name) position \(p): \(error)")
            }
            #expect(cache.count == t)
            #expect(throws: TransformerError.self) { try model.forward([[1]], cache: cache) }
        }
    }

    @Test func interventionsSeeAbsolutePositionsAndApplyAtEveryCachedStep() throws {
        let fixture = try TransformerFixture("gemma2_window")
        let model = try Transformer(checkpoint: fixture.checkpoint)
        let sequence = fixture.tokens[0]
        let vector = (0..<model.config.modelDimension).map { Float($0 % 3) * 0.5 }
        var positions: [Int] = []
        let hooks = ForwardHooks(
            interventions: [
                .residPre(1): [.add(vector)],
                .mlpOut(0): [.edit { _, position, _ in positions.append(position) }],
            ])
        let full = try model.forward([sequence], hooks: hooks).logits
        positions.removeAll()
        let cache = KeyValueCache(config: model.config, capacity: sequence.count)
        var stepped = try model.forward([Array(sequence[0..<4])], hooks: hooks, cache: cache).logits
        for p in 4..<sequence.count {
            stepped += try model.forward([[sequence[p]]], hooks: hooks, logits: .all, cache: cache).logits
        }
        #expect(positions == Array(0..<sequence.count))
        #expect(TransformerFixture.relativeError(stepped, full) <= 1e-5)
    }

    @Test(arguments: TransformerFixture.names)
    func greedyGenerationFollowsTheArgmaxOfFullRuns(name: String) throws {
        let fixture = try TransformerFixture(name)
        let model = try Transformer(checkpoint: fixture.checkpoint)
        let prompt = Array(fixture.tokens[0].prefix(3))
        let generated = try model.generate(prompt: prompt, options: SamplingOptions(maxNewTokens: 5))
        #expect(generated.count == 5)
        var context = prompt
        for token in generated {
            let logits = try model.forward([context], logits: .last).logits
            let best = logits.indices.max { logits[$0] < logits[$1] || (logits[$0] == logits[$1] && $0 > $1) }!
            #expect(token == best)
            context.append(token)
        }
    }

    @Test func theSameSeedGivesTheSameTokens() throws {
        let fixture = try TransformerFixture("gemma2_window")
        let model = try Transformer(checkpoint: fixture.checkpoint)
        let prompt = Array(fixture.tokens[1].prefix(2))
        let options = SamplingOptions(temperature: 1.5, topP: 0.95, seed: 7, maxNewTokens: 12)
        let a = try model.generate(prompt: prompt, options: options)
        let b = try model.generate(prompt: prompt, options: options)
        #expect(a == b && a.count == 12)
        var other = options
        other.seed = 8
        let c = try model.generate(prompt: prompt, options: other)
        #expect(a != c)
    }

    @Test func generationStopsAtAStopToken() throws {
        let fixture = try TransformerFixture("llama_gqa_untied")
        let model = try Transformer(checkpoint: fixture.checkpoint)
        let prompt = Array(fixture.tokens[0].prefix(3))
        let free = try model.generate(
            prompt: prompt, options: SamplingOptions(temperature: 1, seed: 3, maxNewTokens: 8))
        let k = try #require((1..<free.count).first { !free[0..<$0].contains(free[$0]) })
        let stopped = try model.generate(
            prompt: prompt, options: SamplingOptions(temperature: 1, seed: 3, maxNewTokens: 8, stopTokens: [free[k]]))
        #expect(stopped == Array(free.prefix(k + 1)))
    }

    @Test func samplerFollowsTheProbabilities() {
        // Probabilities 0.1, 0.2, 0.3, 0.4 at temperature 1.
        let logits: [Float] = [0.1, 0.2, 0.3, 0.4].map { Float(log($0)) }
        var greedy = TokenSampler(options: SamplingOptions())
        #expect(greedy.next(logits[...]) == 3)
        var sampler = TokenSampler(options: SamplingOptions(temperature: 1, seed: 1))
        var counts = [0, 0, 0, 0]
        for _ in 0..<20000 { counts[sampler.next(logits[...])] += 1 }
        for (i, count) in counts.enumerated() {
            #expect(abs(Double(count) / 20000 - Double(i + 1) / 10) < 0.015)
        }
        // top-p 0.65 keeps 0.4 and 0.3 only, renormalised to 4/7 and 3/7.
        var nucleus = TokenSampler(options: SamplingOptions(temperature: 1, topP: 0.65, seed: 2))
        counts = [0, 0, 0, 0]
        for _ in 0..<20000 { counts[nucleus.next(logits[...])] += 1 }
        #expect(counts[0] == 0 && counts[1] == 0)
        #expect(abs(Double(counts[3]) / 20000 - 4.0 / 7) < 0.015)
    }

    @Test(arguments: TransformerFixture.names)
    func perplexityIsTheMeanNLLOfTheReferenceLogits(name: String) throws {
        let fixture = try TransformerFixture(name)
        let model = try Transformer(checkpoint: fixture.checkpoint)
        let sequence = fixture.tokens[0]
        let v = model.vocabularySize
        let logits = fixture.expected["logits"]!.map(Double.init)
        var total = 0.0
        for t in 0..<(sequence.count - 1) {
            let row = logits[(t * v)..<((t + 1) * v)]
            total += log(row.map { exp($0) }.reduce(0, +)) - row[t * v + sequence[t + 1]]
        }
        let expected = total / Double(sequence.count - 1)
        let result = try model.perplexity(of: sequence, window: sequence.count)
        #expect(result.predictedTokens == sequence.count - 1)
        #expect(abs(result.meanNegativeLogLikelihood - expected) <= 1e-4 * max(1, expected))
        // Windows of 3: each window's first token is not predicted (a last window of 1 token is skipped).
        let split = try model.perplexity(of: sequence, window: 3)
        #expect(split.predictedTokens == sequence.count - (sequence.count + 2) / 3)
    }
}
