/// A match between two nodes of a flow diagram (from the predecessor to the successor), labelled by its cosine.
public struct FlowDiagramEdge: Hashable, Sendable {
    /// Id of the predecessor node.
    public var from: String
    /// Id of the successor node.
    public var to: String
    /// Decoder cosine similarity of the two features.
    public var cosine: Double
    /// True for a link below the strong threshold (drawn dashed).
    public var weak: Bool

    /// An edge with every field given.
    public init(from: String, to: String, cosine: Double, weak: Bool = false) {
        self.from = from
        self.to = to
        self.cosine = cosine
        self.weak = weak
    }
}
