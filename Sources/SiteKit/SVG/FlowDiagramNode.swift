/// One feature in a flow diagram.
public struct FlowDiagramNode: Hashable, Sendable {
    /// The feature id, e.g. `24/res/14548` (also the key edges refer to).
    public var id: String
    /// The layer (its column).
    public var layer: Int
    /// The lane within the column.
    public var lane: FlowLane
    /// The feature's label, untrusted text (escaped when drawn); nil when unknown.
    public var label: String?
    /// Its origin class (colour and shape).
    public var nodeClass: FlowNodeClass
    /// The page of this feature (relative URL), nil when it has none.
    public var href: String?
    /// True for the seed feature of the diagram (highlighted).
    public var isSeed: Bool
    /// True for a feature drawn for context that is not part of the seed's flow (drawn faint).
    public var aside: Bool = false
    /// A note added to the node's tooltip (e.g. "born here as newborn (MLP)"), untrusted text.
    public var note: String?

    /// A node with every field given.
    public init(
        id: String, layer: Int, lane: FlowLane, label: String? = nil, nodeClass: FlowNodeClass, href: String? = nil,
        isSeed: Bool = false
    ) {
        self.id = id
        self.layer = layer
        self.lane = lane
        self.label = label
        self.nodeClass = nodeClass
        self.href = href
        self.isSeed = isSeed
    }
}
