/// The result of a forward pass: logits as selected and the captured activations.
public struct ForwardOutput: Sendable {
    /// Number of sequences in the batch.
    public let sequences: Int
    /// Positions per sequence in this call.
    public let positions: Int
    /// Logits, row-major: `[sequences, positions, vocabulary]` for `.all`, `[sequences, vocabulary]`
    /// for `.last`, empty for `.none`.
    public let logits: [Float]
    /// Captured activations by hook point, row-major `[sequences, positions, width]`.
    public let activations: [TransformerHook: [Float]]

    /// An output with every field given.
    public init(sequences: Int, positions: Int, logits: [Float], activations: [TransformerHook: [Float]]) {
        self.sequences = sequences
        self.positions = positions
        self.logits = logits
        self.activations = activations
    }
}
