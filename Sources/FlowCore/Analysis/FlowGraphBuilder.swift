/// Builds flow graphs from a score table; shares the inverse map and classes across many seeds.
public struct FlowGraphBuilder: Sendable {
    public let table: ScoreTable
    public let classification: Classification
    public let descendants: DescendantIndex
    public var parameters: FlowGraphParameters

    public init(
        table: ScoreTable, classification: Classification, descendants: DescendantIndex,
        parameters: FlowGraphParameters = .init()
    ) {
        self.table = table
        self.classification = classification
        self.descendants = descendants
        self.parameters = parameters
    }

    /// The graph of `seed`, or nil when the seed is not a residual feature of the table.
    public func graph(seed: FeatureID) -> FlowGraph? {
        guard table.contains(seed) else { return nil }
        var nodes: [FeatureID: FlowNodeRole] = [seed: .seed]
        var edges: [EdgeKey: FlowEdge] = [:]
        func add(_ id: FeatureID, _ role: FlowNodeRole) { if nodes[id] == nil { nodes[id] = role } }
        func link(_ from: FeatureID, _ to: FeatureID, _ kind: FlowEdgeKind, _ cosine: Float) {
            let key = EdgeKey(from: from, to: to)
            // A continuation that is also the child's best predecessor is one edge (cosine is symmetric).
            if edges[key] == nil || kind == .continuation {
                edges[key] = FlowEdge(
                    from: from, to: to, kind: kind, cosine: cosine, weak: cosine < parameters.strongLink)
            }
        }

        var ancestors: [FeatureID] = []
        var node = seed
        while let match = table.predecessor(of: node), table[node.layer - 1] != nil {
            let previous = FeatureID(layer: node.layer - 1, hookSite: .res, index: match.index)
            add(previous, .ancestor)
            link(previous, node, .residual, match.cosine)
            ancestors.append(previous)
            node = previous
        }
        var continuation: [FeatureID] = []
        node = seed
        while let match = table.continuation(of: node) {
            let next = FeatureID(layer: node.layer + 1, hookSite: .res, index: match.index)
            add(next, .continuation)
            link(node, next, .continuation, match.cosine)
            continuation.append(next)
            node = next
        }
        let spine = ancestors.reversed() + [seed] + continuation
        for id in spine { attachLeaves(to: id, threshold: parameters.leafThreshold, add: add, link: link) }
        let truncated = addDescendants(of: seed, add: add, link: link)

        let flowNodes = nodes.keys.sorted().map { id in
            FlowNode(id: id, role: nodes[id]!, originClass: classification.originClass(of: id))
        }
        return FlowGraph(
            seed: seed, spine: spine, nodes: flowNodes, edges: edges.values.sorted(),
            steeringSpan: steeringSpan(seed: seed), descendantsTruncated: truncated, parameters: parameters)
    }

    /// The top-1 MLP and attention features of a residual feature at or above `threshold`.
    public func leaves(of id: FeatureID, threshold: Float) -> [(FeatureID, Float)] {
        guard let scores = table[id.layer], id.index < scores.count else { return [] }
        return [HookSite.mlp, .att].compactMap { hookSite in
            guard let match = scores.column(hookSite)?[id.index], match.cosine >= threshold else { return nil }
            return (FeatureID(layer: id.layer, hookSite: hookSite, index: match.index), match.cosine)
        }
    }

    /// [l_start, l_end] around the seed: walk back while s(R) ≥ strongLink, forward while the
    /// continuation cosine ≥ strongLink.
    public func steeringSpan(seed: FeatureID) -> ClosedRange<Int> {
        var start = seed
        while let match = table.predecessor(of: start), table[start.layer - 1] != nil,
            match.cosine >= parameters.strongLink
        {
            start = FeatureID(layer: start.layer - 1, hookSite: .res, index: match.index)
        }
        var end = seed
        while let match = table.continuation(of: end), match.cosine >= parameters.strongLink {
            end = FeatureID(layer: end.layer + 1, hookSite: .res, index: match.index)
        }
        return start.layer...end.layer
    }

    private func attachLeaves(
        to id: FeatureID, threshold: Float, add: (FeatureID, FlowNodeRole) -> Void,
        link: (FeatureID, FeatureID, FlowEdgeKind, Float) -> Void
    ) {
        for (leaf, cosine) in leaves(of: id, threshold: threshold) {
            add(leaf, .leaf)
            link(leaf, id, leaf.hookSite == .mlp ? .mlp : .att, cosine)
        }
    }

    /// Breadth-first over the inverse map, strongest child first; true when cut at the cap.
    private func addDescendants(
        of seed: FeatureID, add: (FeatureID, FlowNodeRole) -> Void,
        link: (FeatureID, FeatureID, FlowEdgeKind, Float) -> Void
    ) -> Bool {
        var frontier = [seed]
        var count = 0
        while !frontier.isEmpty {
            var next: [FeatureID] = []
            for parent in frontier {
                guard let childScores = table[parent.layer + 1]?.res else { continue }
                let children = descendants.descendants(of: parent).sorted {
                    (-childScores.cosines[$0], $0) < (-childScores.cosines[$1], $1)
                }
                for child in children {
                    if count == parameters.maxDescendants { return true }
                    let id = FeatureID(layer: parent.layer + 1, hookSite: .res, index: child)
                    add(id, .descendant)
                    link(parent, id, .residual, childScores.cosines[child])
                    next.append(id)
                    count += 1
                }
            }
            frontier = next
        }
        return false
    }

    private struct EdgeKey: Hashable {
        var from: FeatureID
        var to: FeatureID
    }
}
