import FlowCore
import SiteKit

extension FlowDiagram {
    /// The diagram of a flow graph; `link` gives each node's URL (nil: not linked).
    public init(graph: FlowGraph, labels: LabelSet = LabelSet(), link: (FeatureID) -> String? = { _ in nil }) {
        let layers = graph.nodes.map(\.id.layer)
        let nodes = graph.nodes.map { node -> FlowDiagramNode in
            let (lane, nodeClass) = (FlowLane(node.id.hookSite), FlowNodeClass(node: node))
            return FlowDiagramNode(
                id: node.id.description, layer: node.id.layer, lane: lane, label: labels[node.id].first?.text,
                nodeClass: nodeClass,
                href: link(node.id),
                isSeed: node.id == graph.seed)
        }
        let edges = graph.edges.map {
            FlowDiagramEdge(
                from: $0.from.description, to: $0.to.description, cosine: Double($0.cosine), weak: $0.weak)
        }
        self.init(
            title: graph.seed.description, firstLayer: layers.min() ?? graph.seed.layer,
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
        // Diagrams draw an unknown origin like an unexplained one; badges and tables name it.
        case .unexplained, .unknown: self = .unexplained
        }
    }
}

extension FlowLane {
    /// The lane a hook site's features are drawn in.
    init(_ hookSite: HookSite) {
        switch hookSite {
        case .res: self = .residual
        case .mlp: self = .mlp
        case .att: self = .attention
        }
    }
}

extension FlowNodeClass {
    /// A residual node's origin class (unexplained when unknown); every module node is a leaf.
    init(node: FlowNode) {
        self = node.id.hookSite == .res ? FlowNodeClass(node.originClass ?? .unexplained) : .moduleLeaf
    }
}
