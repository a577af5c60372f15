import XMLSupport

/// Draws a `FlowDiagram` as SVG: one column per layer, lanes attention / residual / MLP, nodes as linked glyphs
/// (colour and shape by class), edges labelled with their cosine (weak ones dashed), the seed ringed.
/// Pure and deterministic: the same diagram gives the same bytes.
public struct FlowDiagramRenderer: Sendable {
    /// Width of one layer column.
    public var columnWidth: Double = 100
    /// Height of one node slot within a lane.
    public var slotHeight: Double = 56
    /// Radius of a node glyph.
    public var nodeRadius: Double = 11 { didSet { glyphs = Self.glyphs(radius: nodeRadius) } }
    /// Longest label shown under a node (the full label is in the standalone SVG's tooltip and on the node's page).
    public var labelLimit: Int = 14
    /// Prefix of element ids inside the SVG (markers), unique per page when several diagrams are inlined.
    public var idPrefix: String = "flow"

    let left: Double = 92
    let top: Double = 34
    let legendItemWidth: Double = 160

    /// The glyph of each node class as the inline rendering's `<defs>` holds it, for `nodeRadius` (made once per
    /// renderer, not once per diagram).
    private(set) var glyphs: [MarkupElement] = []

    /// A renderer with the default geometry.
    public init() { glyphs = Self.glyphs(radius: nodeRadius) }

    /// The diagram as a standalone `<svg>` element: every colour, stroke and font is a presentation attribute, so the
    /// file reads well without the site stylesheet. `role="group"` keeps the node links reachable by screen readers.
    public func svg(_ diagram: FlowDiagram) -> MarkupElement {
        let layout = FlowDiagramLayout(diagram, renderer: self)
        let prefix = SiteNames.idFragment(idPrefix)
        let positions = layout.positions
        let label = layout.label(diagram)
        var root = SVG.root(
            width: layout.width, height: layout.height, label: label, cssClass: "flow-diagram", role: "group")
        root.append(SVG.title(label))
        root.append(defs(prefix: prefix))

        // Lanes and columns.
        var background = MarkupElement("g", ["class": "flow-grid"])
        for lane in FlowLane.allCases {
            let laneHeight = Double(layout.slots[lane]!) * slotHeight
            background.append(
                SVG.rect(
                    x: left, y: layout.laneTop[lane]!, width: Double(layout.columns) * columnWidth,
                    height: laneHeight, cssClass: "lane-band lane-\(lane.rawValue)",
                    fill: lane == .residual ? "#eef3f8" : "#f6f6f6"))
            background.append(
                SVG.text(
                    lane.title, x: left - 8, y: layout.laneTop[lane]! + laneHeight / 2 + 4, cssClass: "lane-title",
                    anchor: "end"))
        }
        for column in 0..<layout.columns {
            let x = left + Double(column) * columnWidth + columnWidth / 2
            background.append(SVG.text("L\(layout.first + column)", x: x, y: top - 12, cssClass: "column-title"))
        }
        root.append(background)

        // Edges under nodes.
        var edges = MarkupElement("g", ["class": "flow-edges"])
        for edge in diagram.edges {
            guard let from = positions[edge.from], let to = positions[edge.to], edge.from != edge.to else { continue }
            edges.append(edgeElement(edge, from: from, to: to, prefix: prefix))
        }
        root.append(edges)

        var nodesGroup = MarkupElement("g", ["class": "flow-nodes"])
        for node in layout.orderedNodes {
            nodesGroup.append(nodeElement(node, at: positions[node.id]!))
        }
        root.append(nodesGroup)
        root.append(legend(top: layout.lanesBottom + 12, perRow: layout.legendPerRow))
        return root
    }

    // MARK: - Parts

    func defs(prefix: String) -> MarkupElement {
        var marker = MarkupElement(
            "marker",
            [
                "id": "\(prefix)-arrow", "viewBox": "0 0 10 10", "refX": "9", "refY": "5", "markerWidth": "7",
                "markerHeight": "7", "orient": "auto",
            ])
        marker.append(MarkupElement("path", ["d": "M0,0 L10,5 L0,10 z", "class": "arrow-head", "fill": "#555555"]))
        return MarkupElement("defs", children: [.element(marker)])
    }

    func edgeElement(
        _ edge: FlowDiagramEdge, from: (x: Double, y: Double), to: (x: Double, y: Double), prefix: String
    ) -> MarkupElement {
        let dx = to.x - from.x
        let dy = to.y - from.y
        let ends = FlowDiagramLayout.trimmed(from: from, to: to, trim: nodeRadius + 3)
        let cosine = SVGNumber.fixed(edge.cosine, decimals: 2)
        var group = MarkupElement(
            "g", ["class": (["edge"] + FlowDiagramLayout.styleClasses(edge)).joined(separator: " ")])
        if edge.note != nil { group.append(SVG.title(FlowDiagramLayout.title(edge))) }
        var line = SVG.line(
            x1: ends.x1, y1: ends.y1, x2: ends.x2, y2: ends.y2, cssClass: "edge-line")
        line[attribute: "stroke"] = edge.unsupported ? "#b2182b" : "#555555"
        let strength = edge.cosine.isFinite ? min(max(edge.cosine, 0), 1) : 0
        line[attribute: "stroke-width"] = SVGNumber.fixed(1 + 1.5 * strength, decimals: 1)
        if edge.weak { line[attribute: "stroke-dasharray"] = "5 4" }
        if edge.aside {
            line[attribute: "stroke-dasharray"] = "2 3"
            line[attribute: "opacity"] = "0.5"
        }
        line[attribute: "marker-end"] = "url(#\(prefix)-arrow)"
        group.append(line)
        let midX = (from.x + to.x) / 2
        let midY = (from.y + to.y) / 2
        let horizontal = abs(dx) >= abs(dy)
        let side = FlowDiagramLayout.sideLabelPosition(from: from, to: to, trim: nodeRadius + 3)
        let text = SVG.text(
            cosine, x: horizontal ? midX : side.x, y: horizontal ? midY - 5 : side.y, cssClass: "edge-label",
            anchor: horizontal ? "middle" : "start")
        group.append(text)
        return group
    }

    func nodeElement(_ node: FlowDiagramNode, at point: (x: Double, y: Double)) -> MarkupElement {
        var parts: [MarkupElement] = [SVG.title(FlowDiagramLayout.title(node))]
        if node.isSeed {
            parts.append(
                MarkupElement(
                    "circle",
                    [
                        "cx": SVGNumber.coordinate(point.x), "cy": SVGNumber.coordinate(point.y),
                        "r": SVGNumber.coordinate(nodeRadius + 6), "class": "seed-ring", "fill": "none",
                        "stroke": "#000000", "stroke-width": "2.5",
                    ]))
        }
        var glyph = SVG.shape(
            node.nodeClass.shape, x: point.x, y: point.y, r: nodeRadius, cssClass: "glyph \(node.nodeClass.cssClass)",
            fill: node.nodeClass.color)
        glyph[attribute: "stroke"] = "#333333"
        parts.append(glyph)
        let index = node.id.split(separator: "/").last.map(String.init) ?? node.id
        let indexText = SVG.text(index, x: point.x, y: point.y + nodeRadius + 15, cssClass: "node-index")
        parts.append(indexText)
        if let label = node.label, !SVG.clean(label).isEmpty {
            let labelText = SVG.text(
                SVG.truncated(label, limit: labelLimit), x: point.x, y: point.y + nodeRadius + 23,
                cssClass: "node-label")
            parts.append(labelText)
        }
        var cssClass = "node \(node.nodeClass.cssClass) lane-\(node.lane.rawValue)"
        if node.isSeed { cssClass += " seed" }
        var element = SVG.link(node.href, cssClass: cssClass, children: parts)
        if node.aside {
            cssClass += " aside"
            element[attribute: "class"] = cssClass
            element[attribute: "opacity"] = "0.45"
        }
        return element
    }

    func legend(top: Double, perRow: Int) -> MarkupElement {
        var group = MarkupElement("g", ["class": "legend"])
        var entries: [MarkupElement] = []
        for nodeClass in FlowNodeClass.allCases {
            entries.append(
                SVG.shape(
                    nodeClass.shape, x: 0, y: 0, r: 7, cssClass: "glyph \(nodeClass.cssClass)", fill: nodeClass.color))
        }
        var names = FlowNodeClass.allCases.map(\.title)
        var seedRing = MarkupElement(
            "circle", ["cx": "0", "cy": "0", "r": "8", "class": "seed-ring", "fill": "none", "stroke": "#000000"])
        seedRing[attribute: "stroke-width"] = "2.5"
        entries.append(seedRing)
        names.append("seed")
        var dashed = SVG.line(x1: -10, y1: 0, x2: 10, y2: 0, cssClass: "edge-line")
        dashed[attribute: "stroke"] = "#555555"
        dashed[attribute: "stroke-dasharray"] = "5 4"
        entries.append(dashed)
        names.append("weak link")
        var aside = SVG.line(x1: -10, y1: 0, x2: 10, y2: 0, cssClass: "edge-line")
        aside[attribute: "stroke"] = "#555555"
        aside[attribute: "stroke-dasharray"] = "2 3"
        aside[attribute: "opacity"] = "0.5"
        entries.append(aside)
        names.append("context, not the flow")
        for (position, (glyph, name)) in zip(entries, names).enumerated() {
            let x = 16 + Double(position % perRow) * legendItemWidth + 12
            let y = top + Double(position / perRow) * 24 + 8
            var item = MarkupElement(
                "g",
                [
                    "class": "legend-item",
                    "transform": "translate(\(SVGNumber.coordinate(x)),\(SVGNumber.coordinate(y)))",
                ])
            item.append(glyph)
            item.append(SVG.text(name, x: 16, y: 4, cssClass: "legend-text", anchor: "start"))
            group.append(item)
        }
        return group
    }
}
