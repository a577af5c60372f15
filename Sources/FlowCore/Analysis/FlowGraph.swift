/// The flow graph of one residual feature (METHOD.md §4), as written to `graph.json` (docs/graph-format.md).
public struct FlowGraph: Codable, Sendable, Equatable {
    /// Version of the JSON layout; bumped on any incompatible change.
    public static let formatVersion = 1

    /// The residual feature the graph grows from.
    public var seed: FeatureID
    /// The residual chain, lowest layer first: backward spine, the seed, then the forward continuation.
    public var spine: [FeatureID]
    /// Every node, sorted by id.
    public var nodes: [FlowNode]
    /// Every edge, earlier layer → later layer, sorted.
    public var edges: [FlowEdge]
    /// The steering span [l_start, l_end]: the contiguous stretch around the seed whose residual links
    /// are all ≥ `parameters.steeringLink`.
    public var steeringSpan: ClosedRange<Int>
    /// True when the descendant tree was cut at `parameters.maxDescendants`.
    public var descendantsTruncated: Bool
    /// The thresholds the graph was built with.
    public var parameters: FlowGraphParameters

    /// The node with this id.
    public func node(_ id: FeatureID) -> FlowNode? { nodes.first { $0.id == id } }
}

/// What a node is in the graph.
public enum FlowNodeRole: String, Codable, Sendable, CaseIterable {
    case seed
    /// A best predecessor of the seed, walking back (R_{L-1}, R_{L-2}, …).
    case ancestor
    /// The forward top-1 chain after the seed.
    case continuation
    /// A feature whose best predecessor chain leads back to the seed (the inverse map).
    case descendant
    /// An MLP or attention feature matched to a spine node.
    case leaf
}

/// One node of a flow graph.
public struct FlowNode: Codable, Sendable, Equatable {
    public var id: FeatureID
    public var role: FlowNodeRole
    /// Origin class (residual nodes only).
    public var originClass: OriginClass?

    public init(id: FeatureID, role: FlowNodeRole, originClass: OriginClass?) {
        self.id = id
        self.role = role
        self.originClass = originClass
    }
}

/// What an edge connects.
public enum FlowEdgeKind: String, Codable, Sendable {
    /// R_{L-1} → R_L, the best backward match of the later node.
    case residual
    /// R_L → R_{L+1}, the forward top-1 of the earlier node.
    case continuation
    /// M_L → R_L.
    case mlp
    /// A_L → R_L.
    case att
}

/// One edge: from the earlier feature to the later one, with its cosine.
public struct FlowEdge: Codable, Sendable, Equatable, Comparable {
    public var from: FeatureID
    public var to: FeatureID
    public var kind: FlowEdgeKind
    public var cosine: Float
    /// Below `parameters.strongLink`: drawn dashed.
    public var weak: Bool

    public static func < (lhs: FlowEdge, rhs: FlowEdge) -> Bool {
        (lhs.to, lhs.from) < (rhs.to, rhs.from)
    }
}

/// Thresholds for building a flow graph; defaults follow the paper (METHOD.md §4).
public struct FlowGraphParameters: Codable, Sendable, Equatable {
    /// Module leaves shown when their cosine is at least this (paper: 0.25 for display).
    public var leafThreshold: Float = 0.25
    /// Residual links below this are weak (dashed) and end the steering span (paper's t(R) = 0.5).
    public var strongLink: Float = 0.5
    /// Leaves kept for steering when at least this (paper: 0.15).
    public var steeringLeafThreshold: Float = 0.15
    /// At most this many descendant nodes (breadth-first, strongest first).
    public var maxDescendants: Int = 16

    public init() {}
}
