import FlowCore
import SiteKit

/// The flow diagrams of a feature page, telling the same story as its lifespan line and chain table: the feature's
/// chain (birth to end), its descendants and the module features matched to them are its flow; everything else the
/// graph holds — best matches below the threshold before the birth, forward matches that are not descendants — is
/// drawn faint and dotted as context, never as the feature's history. The page inlines a window of layers around the
/// seed's lifespan (at most `maxColumns`, so the seed is in view on first paint); the full graph is its own SVG file.
struct FeatureDiagram {
    /// The renderer of both diagrams: one for every page, so its glyphs are made once.
    static let renderer: FlowDiagramRenderer = {
        var renderer = FlowDiagramRenderer()
        renderer.idPrefix = "f"  // short: every node refers to a glyph id
        return renderer
    }()

    /// Most layer columns inline (92 px of lane titles + 100 px a column fits a 72rem column at 9).
    static let maxColumns = 9

    /// Every node and edge of the graph, styled.
    let full: FlowDiagram
    /// The feature of each node of `full`, in order (the nodes carry only its text).
    let ids: [FeatureID]
    /// The layers drawn inline.
    let window: ClosedRange<Int>

    /// The diagram of `dossier`'s graph; `edgeNote` gives an edge's run-time evidence (tooltip, and true when the
    /// two features do not fire together above chance), nil without evidence.
    init(
        _ dossier: FeatureDossier, context: ReportContext,
        edgeNote: (FlowEdge) -> (note: String, unsupported: Bool)? = { _ in nil }
    ) {
        let graph = dossier.graph
        let lifespan = dossier.lifespan
        let table = context.analysis.table
        var flow = Set(lifespan.chain.isEmpty ? [dossier.id] : lifespan.chain)
        let descendants = Set(graph.nodes.filter { $0.role == .descendant }.map(\.id))
        // Descendants: residual links from a flow node at or above the threshold, in layer order.
        for edge in graph.edges.sorted(by: { ($0.to.layer, $0.to) < ($1.to.layer, $1.to) })
        where edge.to.hookSite == .res && edge.from.hookSite == .res && flow.contains(edge.from)
            && descendants.contains(edge.to)
            && edge.cosine >= context.analysis.lifespans.threshold(at: edge.to.layer)
        {
            flow.insert(edge.to)
        }
        // Module leaves of flow nodes.
        for edge in graph.edges where edge.from.hookSite != .res && flow.contains(edge.to) { flow.insert(edge.from) }
        let bornAs = lifespan.bornAs.map(\.title) ?? "unknown"
        let nodes = graph.nodes.map { node -> FlowDiagramNode in
            let (lane, nodeClass) = (FlowLane(node.id.hookSite), FlowNodeClass(node: node))
            var diagramNode = FlowDiagramNode(
                id: node.id.description, layer: node.id.layer, lane: lane, nodeClass: nodeClass,
                href: context.selection.hasPage(node.id) ? SiteLinks.featureFile(node.id) : nil,
                isSeed: node.id == graph.seed)
            if !flow.contains(node.id) {
                diagramNode.aside = true
                diagramNode.note =
                    node.id.layer < lifespan.birth
                    ? "before the birth: not this feature's history" : "matched, not this feature's chain"
            } else if node.id == lifespan.birthFeature {
                diagramNode.note = "born here as \(bornAs)"
            }
            return diagramNode
        }
        let edges = graph.edges.map { edge -> FlowDiagramEdge in
            var diagramEdge = FlowDiagramEdge(
                from: edge.from.description, to: edge.to.description, cosine: Double(edge.cosine), weak: edge.weak)
            let isLink =
                edge.kind != .continuation || edge.to.hookSite != .res
                || table.predecessor(of: edge.to)?.index == edge.from.index
            diagramEdge.aside = !(flow.contains(edge.from) && flow.contains(edge.to) && isLink)
            if let evidence = edgeNote(edge) {
                diagramEdge.note = evidence.note
                diagramEdge.unsupported = evidence.unsupported
            }
            if diagramEdge.aside {
                let why =
                    edge.to.layer <= lifespan.birth && edge.to.hookSite == .res
                    ? "below the threshold: not a flow" : "matched but not a descendant"
                diagramEdge.note = diagramEdge.note.map { why + "; " + $0 } ?? why
            }
            return diagramEdge
        }
        let layers = graph.nodes.map(\.id.layer)
        let first = layers.min() ?? graph.seed.layer
        let last = layers.max() ?? graph.seed.layer
        ids = graph.nodes.map(\.id)
        full = FlowDiagram(
            title: graph.seed.description, firstLayer: first, lastLayer: last, nodes: nodes, edges: edges)
        window = Self.window(
            seed: graph.seed.layer, lifespan: lifespan.birth...lifespan.end, drawn: first...last,
            maxColumns: Self.maxColumns)
    }

    /// The inline diagram: the full one cut to `window`.
    var inline: FlowDiagram {
        var diagram = full
        diagram.firstLayer = window.lowerBound
        diagram.lastLayer = window.upperBound
        diagram.nodes = full.nodes.filter { window.contains($0.layer) }
        return diagram
    }

    /// The inline window as compact SVG (no labels: the page's tables list them in full).
    func inlineSVG() throws -> String {
        try Self.renderer.inlineSVG(inline)
    }

    /// The full graph as an SVG file beside the page (`features/<id>.svg`): the fast inline rendering, with short
    /// labels under the nodes, styled by the site stylesheet through an `xml-stylesheet` instruction (no inline
    /// style, so the site's CSP holds).
    func fullSVG(labels: LabelSet) throws -> String {
        var diagram = full
        if labels.count > 0 {
            diagram.nodes = zip(diagram.nodes, ids).map { node, id in
                var node = node
                node.label = labels[id].first?.text
                return node
            }
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<?xml-stylesheet href=\"../\(TemplateLibrary.assetFolder)/site.css\" type=\"text/css\"?>\n"
            + (try Self.renderer.inlineSVG(diagram)) + "\n"
    }

    /// True when the inline window leaves part of the graph out.
    var isCut: Bool { window != full.firstLayer...full.lastLayer }

    /// The layers drawn inline: the lifespan and one layer after it (where a continuation shows why the chain
    /// ends), within the drawn layers; at most `maxColumns`, centred on the seed when the lifespan is longer.
    static func window(seed: Int, lifespan: ClosedRange<Int>, drawn: ClosedRange<Int>, maxColumns: Int) -> ClosedRange<
        Int
    > {
        let low = max(drawn.lowerBound, min(lifespan.lowerBound, seed))
        let high = max(low, min(drawn.upperBound, max(lifespan.upperBound, seed) + 1))
        guard high - low + 1 > maxColumns else { return low...high }
        let start = min(max(low, seed - (maxColumns - 1) / 2), high - maxColumns + 1)
        return start...(start + maxColumns - 1)
    }
}
