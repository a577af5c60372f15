import Foundation
import LinearAlgebra

/// Picks tokens from logits: greedy, or temperature and top-p sampling driven by a seeded
/// SplitMix64 (deterministic on every platform for the same logits).
public struct TokenSampler: Sendable {
    /// The options in force.
    public let options: SamplingOptions
    private var random: SplitMix64

    /// A sampler seeded from `options.seed`.
    public init(options: SamplingOptions) {
        self.options = options
        random = SplitMix64(seed: options.seed)
    }

    /// The next token for one position's logits.
    public mutating func next(_ logits: ArraySlice<Float>) -> Int {
        let base = logits.startIndex
        if options.temperature <= 0 {
            var best = base
            for i in logits.indices where logits[i] > logits[best] { best = i }
            return best - base
        }
        // Softmax at the temperature, in Double.
        let t = Double(options.temperature)
        let largest = Double(logits.max() ?? 0)
        var probabilities = logits.map { exp((Double($0) - largest) / t) }
        let total = probabilities.reduce(0, +)
        for i in probabilities.indices { probabilities[i] /= total }
        // Nucleus: most likely first (ties by id), smallest prefix reaching top-p.
        var order = Array(probabilities.indices)
        var kept = order.count
        if options.topP < 1 {
            order.sort { probabilities[$0] > probabilities[$1] || (probabilities[$0] == probabilities[$1] && $0 < $1) }
            var sum = 0.0
            kept = 0
            while kept < order.count {
                sum += probabilities[order[kept]]
                kept += 1
                if sum >= Double(options.topP) { break }
            }
        }
        let mass = order[0..<kept].reduce(0.0) { $0 + probabilities[$1] }
        let u = Double(random.next() >> 11) / Double(1 << 53) * mass
        var cumulative = 0.0
        for id in order[0..<kept] {
            cumulative += probabilities[id]
            if u < cumulative { return id }
        }
        return order[kept - 1]
    }
}
