@testable import FlowReport
@testable import SiteKit

/// View models shared by the SVG tests.
enum SVGFixtures {
    static let hostileLabel = "<script>alert('x')</script> \"quoted\" & more 🧠 שלום \u{7}"

    /// A 26-layer diagram shaped like the paper's worked example: a residual spine, MLP and attention leaves.
    static func paperLikeDiagram(layers: Int = 26) -> FlowDiagram {
        var nodes: [FlowDiagramNode] = []
        var edges: [FlowDiagramEdge] = []
        for layer in 0..<layers {
            let id = "\(layer)/res/\(1000 + layer)"
            nodes.append(
                FlowDiagramNode(
                    id: id, layer: layer, lane: .residual, label: layer == 24 ? hostileLabel : "feature \(layer)",
                    nodeClass: layer % 5 == 0 ? .processed : .translated, href: "\(layer)-res-\(1000 + layer).html",
                    isSeed: layer == 24))
            if layer > 0 {
                edges.append(
                    FlowDiagramEdge(
                        from: "\(layer - 1)/res/\(999 + layer)", to: id, cosine: 0.5 + Double(layer) / 100,
                        weak: layer % 7 == 0))
            }
            if layer % 3 == 0 {
                let leaf = "\(layer)/mlp/\(50 + layer)"
                nodes.append(
                    FlowDiagramNode(id: leaf, layer: layer, lane: .mlp, nodeClass: .moduleLeaf, href: "m.html"))
                edges.append(FlowDiagramEdge(from: leaf, to: id, cosine: 0.31))
            }
            if layer % 4 == 1 {
                let leaf = "\(layer)/att/\(70 + layer)"
                nodes.append(FlowDiagramNode(id: leaf, layer: layer, lane: .attention, nodeClass: .moduleLeaf))
                edges.append(FlowDiagramEdge(from: leaf, to: id, cosine: 0.27, weak: true))
            }
        }
        // Two descendants of the seed at layer 25.
        nodes.append(
            FlowDiagramNode(id: "25/res/7", layer: 25, lane: .residual, nodeClass: .newbornMLP, href: "x.html"))
        edges.append(FlowDiagramEdge(from: "24/res/1024", to: "25/res/7", cosine: 0.45, weak: true))
        return FlowDiagram(title: "24/res/1024", firstLayer: 0, lastLayer: layers - 1, nodes: nodes, edges: edges)
    }

    static func classChart() -> ClassBarChart {
        ClassBarChart(
            title: "Origin classes per layer",
            layers: (0..<26).map { layer in
                ClassBarLayer(
                    layer: layer,
                    counts: [
                        .translated: 100 + layer, .processed: 40, .newbornMLP: layer, .newbornAttention: 3,
                        .newbornBoth: 1, .unexplained: layer == 0 ? 0 : 12,
                    ], href: "layers/\(layer).html")
            })
    }
}
