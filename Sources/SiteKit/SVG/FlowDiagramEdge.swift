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
    /// True for a match drawn for context that is not a link of the seed's flow (drawn dotted and faint).
    public var aside: Bool = false
    /// True when run-time evidence shows the two features do not fire together above chance (drawn in its own style).
    public var unsupported: Bool = false
    /// The edge's tooltip (e.g. its co-activation), untrusted text; nil: none.
    public var note: String?

    /// An edge with every field given.
    public init(from: String, to: String, cosine: Double, weak: Bool = false) {
        self.from = from
        self.to = to
        self.cosine = cosine
        self.weak = weak
    }
}
