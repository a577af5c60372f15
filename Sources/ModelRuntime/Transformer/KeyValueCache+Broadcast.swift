extension KeyValueCache {
    /// Copies the filled positions of sequence `source` into every sequence of `target` and sets the target's
    /// count to this cache's: a batch of variants of one next token can then attend to one shared prefix (the
    /// deactivation re-runs of `FlowEvidence`). `target` must be a cache of the same model (same layers and
    /// key/value width) with room for the positions.
    public func broadcast(sequence source: Int, into target: KeyValueCache) throws {
        guard source >= 0, source < sequences else {
            throw TransformerError.cacheMismatch("sequence \(source) of a cache of \(sequences)")
        }
        guard target.width == width, target.keys.count == keys.count, target.capacity >= count else {
            throw TransformerError.cacheMismatch(
                "target holds \(target.capacity) positions of width \(target.width) in \(target.keys.count) layers, "
                    + "the source \(count) of width \(width) in \(keys.count)")
        }
        let length = count * width
        for (buffers, targets) in [(keys, target.keys), (values, target.values)] {
            for (from, to) in zip(buffers, targets) {
                let start = from + source * capacity * width
                for s in 0..<target.sequences { (to + s * target.capacity * width).update(from: start, count: length) }
            }
        }
        target.count = count
    }
}
