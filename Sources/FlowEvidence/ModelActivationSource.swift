import FlowCore
import ModelRuntime

/// Activations from running the model on a token corpus, `batch` sequences at a time, every hook at once.
/// Position 0 of every sequence (the attention sink, far from every other token; left out of SAE training
/// too) and BOS tokens are not counted.
public final class ModelActivationSource: ActivationSource {
    /// The model.
    public let model: Transformer
    /// The sequences.
    public let corpus: TokenCorpus
    /// Sequences per forward pass.
    public let batch: Int
    /// Hooks captured.
    public let hooks: [TransformerHook]
    /// A token that never counts (BOS), if any.
    public let skipToken: Int?
    /// Seconds spent in the forward passes.
    public private(set) var forwardSeconds: Double = 0
    /// The sequences read (all of the corpus, or a shard's slice); indices stay those of the whole corpus.
    public private(set) var range: Range<Int>
    private var done: Int

    /// A source over `corpus` (its sequences in `range`, default all) capturing the hooks named `hookNames`.
    public init(
        model: Transformer, corpus: TokenCorpus, hookNames: [String], batch: Int, skipToken: Int?,
        range: Range<Int>? = nil
    ) throws {
        self.range = (range ?? 0..<corpus.sequences.count).clamped(to: 0..<corpus.sequences.count)
        done = self.range.lowerBound
        self.model = model
        self.corpus = corpus
        self.batch = max(1, batch)
        self.skipToken = skipToken
        var points: [TransformerHook] = []
        for name in Set(hookNames).sorted() {
            guard let point = TransformerHook(name: name) else {
                throw EvidenceError(path: nil, "hook \(name) is not a hook point the model runtime produces")
            }
            if let layer = point.layer, layer >= model.config.layerCount {
                throw EvidenceError(path: nil, "hook \(name): the model has \(model.config.layerCount) layers")
            }
            points.append(point)
        }
        hooks = points
    }

    public var sequenceCount: Int { corpus.sequences.count }
    public var context: Int { corpus.context }

    public func next() throws -> ActivationBatch? {
        guard done < self.range.upperBound else { return nil }
        let range = done..<min(self.range.upperBound, done + batch)
        let slice = Array(corpus.sequences[range])
        let clock = ContinuousClock.now
        let output = try model.forward(slice, hooks: ForwardHooks(capture: Set(hooks)), logits: .none)
        forwardSeconds += (ContinuousClock.now - clock).seconds
        done = range.upperBound
        var activations: [String: [Float]] = [:]
        for point in hooks { activations[point.name] = output.activations[point] }
        let keep = slice.flatMap { sequence in
            sequence.enumerated().map { position, token in position > 0 && token != skipToken }
        }
        return ActivationBatch(
            sequences: Array(range), positions: corpus.context, tokens: slice, keep: keep, activations: activations)
    }

    public func tokens(of index: Int) throws -> [Int] { corpus.sequences[index] }

    public func restrict(to range: Range<Int>) {
        self.range = range.clamped(to: 0..<corpus.sequences.count)
        done = self.range.lowerBound
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) * 1e-18
    }
}
