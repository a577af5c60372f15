/// A batch of sequences with the activations of every hook the SAE set reads.
public struct ActivationBatch: Sendable {
    /// Index of each sequence of the batch in the whole evidence text.
    public var sequences: [Int]
    /// Positions per sequence.
    public var positions: Int
    /// Token ids, `[sequences][positions]`.
    public var tokens: [[Int]]
    /// Per row (`sequence · positions + position`): whether the token counts (false for BOS, padding, masked).
    public var keep: [Bool]
    /// Per hook name: `[sequences · positions, width]`, row-major.
    public var activations: [String: [Float]]

    /// A batch.
    public init(sequences: [Int], positions: Int, tokens: [[Int]], keep: [Bool], activations: [String: [Float]]) {
        self.sequences = sequences
        self.positions = positions
        self.tokens = tokens
        self.keep = keep
        self.activations = activations
    }
}

/// Where activations come from: the model run on text, or a dump folder.
public protocol ActivationSource: AnyObject {
    /// Number of sequences in all.
    var sequenceCount: Int { get }
    /// Positions per sequence.
    var context: Int { get }
    /// The next batch, nil when every sequence has been read.
    func next() throws -> ActivationBatch?
    /// The token ids of sequence `index` (for context windows).
    func tokens(of index: Int) throws -> [Int]
    /// Reads only the sequences in `range` from now on (a shard's slice; indices stay global).
    func restrict(to range: Range<Int>)
}
