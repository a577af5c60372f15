/// What the flow diagram of one feature shows: one column per layer (`firstLayer…lastLayer`), three lanes per
/// column, nodes and edges. A plain view model: the analysis is mapped onto it by the page builder.
public struct FlowDiagram: Hashable, Sendable {
    /// What the diagram is of, e.g. "24/res/14548" (used in the accessible name).
    public var title: String
    /// The first layer drawn (leftmost column).
    public var firstLayer: Int
    /// The last layer drawn (rightmost column).
    public var lastLayer: Int
    /// The nodes; order decides the order within a cell (after the seed), so give them in a stable order.
    public var nodes: [FlowDiagramNode]
    /// The edges; ones naming unknown nodes are skipped.
    public var edges: [FlowDiagramEdge]

    /// A diagram with every field given.
    public init(
        title: String, firstLayer: Int, lastLayer: Int, nodes: [FlowDiagramNode], edges: [FlowDiagramEdge]
    ) {
        self.title = title
        self.firstLayer = firstLayer
        self.lastLayer = lastLayer
        self.nodes = nodes
        self.edges = edges
    }
}
