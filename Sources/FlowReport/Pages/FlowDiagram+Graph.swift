import FlowCore

extension FlowDiagram {
    /// The diagram of a flow graph; nodes with a page in `selection` link to it (`base`: the path from
    /// the page showing the diagram to the `features/` folder).
    init(graph: FlowGraph, labels: LabelSet, selection: PageSelection, base: String) {
        let layers = graph.nodes.map(\.id.layer)
        let nodes = graph.nodes.map { node -> FlowDiagramNode in
            let lane: FlowLane
            switch node.id.site {
            case .res: lane = .residual
            case .mlp: lane = .mlp
            case .att: lane = .attention
            }
            let nodeClass = node.id.site == .res ? FlowNodeClass(node.originClass ?? .unexplained) : .moduleLeaf
            return FlowDiagramNode(
                id: node.id.description, layer: node.id.layer, lane: lane, label: labels[node.id].first?.text,
                nodeClass: nodeClass,
                href: selection.hasPage(node.id) ? base + SiteLinks.featureFile(node.id) : nil,
                isSeed: node.id == graph.seed)
        }
        let edges = graph.edges.map {
            FlowDiagramEdge(
                from: $0.from.description, to: $0.to.description, cosine: Double($0.cosine), weak: $0.weak)
        }
        self.init(
            title: "Flow graph of \(graph.seed)", firstLayer: layers.min() ?? graph.seed.layer,
            lastLayer: layers.max() ?? graph.seed.layer, nodes: nodes, edges: edges)
    }
}

extension FlowNodeClass {
    /// The diagram class of an origin class.
    init(_ originClass: OriginClass) {
        switch originClass {
        case .translated: self = .translated
        case .processed: self = .processed
        case .newbornMLP: self = .newbornMLP
        case .newbornAtt: self = .newbornAttention
        case .newbornBoth: self = .newbornBoth
        case .unexplained: self = .unexplained
        }
    }
}
