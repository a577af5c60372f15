/// Which positions' logits a forward pass computes (the output projection is the largest product of
/// a small model: skip it when only activations are wanted).
public enum LogitSelection: Sendable, Equatable {
    /// Every position: `[sequences, positions, vocabulary]`.
    case all
    /// The last position of each sequence: `[sequences, vocabulary]` (generation).
    case last
    /// None (capture runs).
    case none
}
