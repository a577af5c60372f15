/// Sparse feature activations of a batch of tokens in compressed-sparse-row form: token t's active features
/// are `indices[rowStarts[t]..<rowStarts[t+1]]` with `values` at the same positions, indices ascending.
/// Only strictly positive activations are stored (every supported activation rule yields 0 or a positive value).
public struct SparseCodes: Sendable, Equatable {
    /// Number of features each code indexes (d_sae).
    public let featureCount: Int
    /// `tokens + 1` offsets into `indices`/`values`; `rowStarts[0] == 0`.
    public private(set) var rowStarts: [Int]
    /// Active feature indices, token after token.
    public private(set) var indices: [Int32]
    /// Activation values, parallel to `indices`.
    public private(set) var values: [Float]

    /// An empty set of codes over `featureCount` features.
    public init(featureCount: Int) {
        self.featureCount = featureCount
        rowStarts = [0]
        indices = []
        values = []
    }

    /// Number of tokens encoded.
    public var tokenCount: Int { rowStarts.count - 1 }

    /// Total number of (token, feature) activations.
    public var activeCount: Int { indices.count }

    /// The active features of `token`, as (index, value) pairs in ascending index order.
    public func code(_ token: Int) -> [(index: Int, value: Float)] {
        (rowStarts[token]..<rowStarts[token + 1]).map { (Int(indices[$0]), values[$0]) }
    }

    /// Appends one token's code; `entries` must be in ascending index order.
    mutating func append(indices newIndices: UnsafeBufferPointer<Int32>, values newValues: UnsafeBufferPointer<Float>) {
        indices.append(contentsOf: newIndices)
        values.append(contentsOf: newValues)
        rowStarts.append(indices.count)
    }

    /// Appends the codes of `other` (same feature count) after this one's tokens.
    public mutating func append(_ other: SparseCodes) {
        precondition(other.featureCount == featureCount, "codes over different feature counts")
        let base = indices.count
        indices.append(contentsOf: other.indices)
        values.append(contentsOf: other.values)
        rowStarts.append(contentsOf: other.rowStarts.dropFirst().map { $0 + base })
    }
}
