import FlowCore

extension SAEAccumulator {
    /// Adds the accumulated state of `other`, an accumulator of the same SAE over sequences that all come
    /// after this one's (a later shard): counts, sums, histograms add; maxima take the larger; the top
    /// entries of `other` are offered in (sequence, position) order to this accumulator's top lists exactly
    /// as the single run offers them, so the kept entries are the single run's (the N highest, ties to the
    /// earlier position). Sums of doubles (means, FVE) equal the single run's up to the order of addition.
    public func absorb(_ other: SAEAccumulator) {
        precondition(other.featureCount == featureCount && other.inputWidth == inputWidth && other.top == top)
        tokens += other.tokens
        activeSum += other.activeSum
        squaredError += other.squaredError
        squaredNorm += other.squaredNorm
        for j in 0..<inputWidth { inputSum[j] += other.inputSum[j] }
        for f in 0..<featureCount {
            active[f] += other.active[f]
            sum[f] += other.sum[f]
            if other.maximum[f] > maximum[f] { maximum[f] = other.maximum[f] }
        }
        for i in histogram.indices { histogram[i] += other.histogram[i] }
        guard top > 0 else { return }
        for f in 0..<featureCount {
            let entries = other.topActivations(f).sorted { ($0.sequence, $0.position) < ($1.sequence, $1.position) }
            for entry in entries where entry.value > floor[f] {
                insert(f, entry.value, Int32(entry.sequence), Int32(entry.position))
            }
        }
    }

    /// Offers one top entry (a stored context of a partial) to `feature`'s list; entries must come in
    /// increasing (sequence, position) order per feature, as in `add`.
    func offer(_ feature: Int, value: Float, sequence: Int32, position: Int32) {
        if top > 0 && value > floor[feature] { insert(feature, value, sequence, position) }
    }

    /// The state a partial stores, as little-endian blobs and scalars (top entries are stored with their
    /// windows instead).
    var partialColumns: [String: [UInt8]] {
        [
            "input_sum": PartialBlob.bytes(inputSum), "active": PartialBlob.bytes(active),
            "sum": PartialBlob.bytes(sum), "maximum": PartialBlob.bytes(maximum),
            "histogram": PartialBlob.bytes(histogram),
        ]
    }

    /// Restores the state written by `partialColumns` plus the scalars; false when a blob has the wrong
    /// length.
    func restore(
        tokens: Int, activeSum: Int, squaredError: Double, squaredNorm: Double, columns: [String: [UInt8]]
    ) -> Bool {
        guard let inputSum = PartialBlob.doubles(columns["input_sum"] ?? [], count: inputWidth),
            let active = PartialBlob.ints(columns["active"] ?? [], count: featureCount),
            let sum = PartialBlob.doubles(columns["sum"] ?? [], count: featureCount),
            let maximum = PartialBlob.floats(columns["maximum"] ?? [], count: featureCount),
            let histogram = PartialBlob.int32s(
                columns["histogram"] ?? [], count: featureCount * HistogramGrid.binCount)
        else { return false }
        self.tokens = tokens
        self.activeSum = activeSum
        self.squaredError = squaredError
        self.squaredNorm = squaredNorm
        self.inputSum = inputSum
        self.active = active
        self.sum = sum
        self.maximum = maximum
        self.histogram = histogram
        return true
    }
}
