/// The best match (index and cosine) of every residual feature of one layer against one position.
public struct TopOneColumn: Sendable, Equatable {
    /// Index of the best candidate, per feature.
    public var candidates: [Int32]
    /// Cosine to the best candidate, per feature.
    public var cosines: [Float]

    public init(candidates: [Int32], cosines: [Float]) {
        precondition(candidates.count == cosines.count, "one candidate per cosine")
        self.candidates = candidates
        self.cosines = cosines
    }

    /// A column of `count` features with no candidate yet (index -1, cosine NaN).
    public init(count: Int) {
        self.init(candidates: Array(repeating: -1, count: count), cosines: Array(repeating: .nan, count: count))
    }

    /// The best match of `feature`, nil if it has none.
    public subscript(feature: Int) -> MatchCandidate? {
        let candidate = candidates[feature]
        return candidate < 0 ? nil : MatchCandidate(index: Int(candidate), cosine: cosines[feature])
    }
}

/// One matched feature: its index in the compared SAE and the cosine.
public struct MatchCandidate: Sendable, Hashable, Codable {
    public var index: Int
    public var cosine: Float

    public init(index: Int, cosine: Float) {
        self.index = index
        self.cosine = cosine
    }
}
