import LinearAlgebra

extension Transformer {
    /// Runs `batch` (sequences of equal length, token ids) through the model. With a `cache`, the
    /// tokens continue the cached positions (their keys and values are appended); without one they
    /// start at position 0. Interventions are applied at each hook point in order, then the point is
    /// captured if asked, so a capture shows what the rest of the model sees.
    public func forward(
        _ batch: [[Int]], hooks: ForwardHooks = ForwardHooks(), logits selection: LogitSelection = .all,
        cache: KeyValueCache? = nil
    ) throws -> ForwardOutput {
        guard let first = batch.first, !first.isEmpty else { throw TransformerError.emptyInput }
        let sequences = batch.count
        let positions = first.count
        for sequence in batch where sequence.count != positions {
            throw TransformerError.unequalLengths(first: positions, other: sequence.count)
        }
        for sequence in batch {
            for id in sequence where id < 0 || id >= embedding.rows {
                throw TransformerError.tokenOutOfRange(id: id, vocabulary: embedding.rows)
            }
        }
        try validate(hooks)
        let start = cache?.count ?? 0
        if let cache {
            guard cache.sequences == sequences else {
                throw TransformerError.cacheMismatch("holds \(cache.sequences) sequences, batch has \(sequences)")
            }
            guard start + positions <= cache.capacity else {
                throw TransformerError.cacheMismatch(
                    "\(start) cached + \(positions) new positions exceed its capacity \(cache.capacity)")
            }
        }
        let run = ForwardRun(model: self, sequences: sequences, positions: positions, start: start, hooks: hooks)
        defer { run.deallocate() }
        run.embed(batch)
        for l in 0..<config.layerCount { run.block(l, cache: cache) }
        cache?.count = start + positions
        return ForwardOutput(
            sequences: sequences, positions: positions, logits: run.logits(selection), activations: run.captured)
    }

    /// Checks hook layers and added vectors' widths.
    func validate(_ hooks: ForwardHooks) throws {
        for point in hooks.points {
            if let layer = point.layer, layer >= config.layerCount {
                throw TransformerError.hookOutOfRange(hook: point.name, layers: config.layerCount)
            }
        }
        for (point, edits) in hooks.interventions {
            for case .add(let vector) in edits where vector.count != width(of: point) {
                throw TransformerError.vectorWidth(hook: point.name, expected: width(of: point), got: vector.count)
            }
        }
    }
}
