import XMLSupport

/// The inline rendering: the same picture as `svg(_:)`, about a third of its size, themed by `site.css`.
///
/// Glyphs are drawn once in `<defs>` (one shape per class, ids `<idPrefix>-<shape>`) and placed with `<use>`; a
/// node is an `<a>` (or `<g>` without a page) moved by `transform`, carrying its class (`cls-…`, and `seed`) and a
/// `<title>` with id, label and class; coordinates are integers; colours, strokes, dashes and font sizes come from
/// CSS classes; inherited properties (`marker-end`, `text-anchor`) are set once on a group. The root is
/// `role="group"` with an `aria-label`, so the node links stay reachable by screen readers.
extension FlowDiagramRenderer {
    /// The diagram as compact SVG markup to inline in a page (no XML declaration; needs the site stylesheet).
    public func inlineSVG(_ diagram: FlowDiagram) throws -> String {
        try inlineElement(diagram).fragmentString()
    }

    /// The element behind `inlineSVG(_:)`.
    func inlineElement(_ diagram: FlowDiagram) -> MarkupElement {
        let layout = FlowDiagramLayout(diagram, renderer: self)
        let prefix = SiteNames.idFragment(idPrefix)
        let label = layout.label(diagram)
        let w = Self.int(layout.width)
        let h = Self.int(layout.height)
        var root = MarkupElement(
            "svg",
            [
                "viewBox": "0 0 \(w) \(h)", "width": w, "height": h, "class": "flow-diagram", "role": "group",
                "aria-label": SVG.clean(label), "text-anchor": "middle",
            ], namespace: SVG.namespace)
        root.append(SVG.title(label))
        root.append(inlineDefs(prefix: prefix))
        root.append(inlineGrid(layout))

        var lines = MarkupElement("g", ["class": "flow-edges", "marker-end": "url(#\(prefix)-arrow)"])
        var styled: [String: MarkupElement] = [:]
        var labels = MarkupElement("g", ["class": "edge-labels"])
        var sideLabels = MarkupElement("g", ["class": "edge-labels", "text-anchor": "start"])
        for edge in diagram.edges {
            guard let from = layout.positions[edge.from], let to = layout.positions[edge.to], edge.from != edge.to
            else { continue }
            let ends = FlowDiagramLayout.trimmed(from: from, to: to, trim: nodeRadius + 3)
            let line = MarkupElement("path", ["d": Self.pathData(ends)])
            var classes: [String] = edge.weak ? ["weak"] : []
            if let width = Self.widthClass(edge.cosine) { classes.append(width) }
            if classes.isEmpty {
                lines.append(line)
            } else {
                let key = classes.joined(separator: " ")
                styled[key, default: MarkupElement("g", ["class": key])].append(line)
            }
            let midX = (from.x + to.x) / 2
            let midY = (from.y + to.y) / 2
            let cosine = SVGNumber.fixed(edge.cosine, decimals: 2)
            if abs(to.x - from.x) >= abs(to.y - from.y) {
                labels.append(Self.text(cosine, x: midX, y: midY - 5))
            } else {
                let side = FlowDiagramLayout.sideLabelPosition(from: from, to: to, trim: nodeRadius + 3)
                sideLabels.append(Self.text(cosine, x: side.x, y: side.y))
            }
        }
        for key in styled.keys.sorted() { lines.append(styled[key]!) }
        root.append(lines)
        root.append(labels)
        if !sideLabels.children.isEmpty { root.append(sideLabels) }

        var nodes = MarkupElement("g", ["class": "flow-nodes"])
        for node in layout.orderedNodes {
            nodes.append(inlineNode(node, at: layout.positions[node.id]!, prefix: prefix))
        }
        root.append(nodes)
        root.append(inlineLegend(top: layout.lanesBottom + 12, perRow: layout.legendPerRow, prefix: prefix))
        return root
    }

    // MARK: - Parts

    /// The arrow head and one glyph per class (its shape, and its colour class for the stylesheet), centred on the
    /// origin.
    func inlineDefs(prefix: String) -> MarkupElement {
        var marker = MarkupElement(
            "marker",
            [
                "id": "\(prefix)-arrow", "viewBox": "0 0 10 10", "refX": "9", "refY": "5", "markerWidth": "7",
                "markerHeight": "7", "orient": "auto",
            ])
        marker.append(MarkupElement("path", ["d": "M0 0L10 5L0 10z", "class": "arrow-head"]))
        var defs = MarkupElement("defs", children: [.element(marker)])
        for nodeClass in FlowNodeClass.allCases {
            var glyph = SVG.shape(nodeClass.shape, x: 0, y: 0, r: nodeRadius, cssClass: nodeClass.cssClass, fill: "")
            glyph.attributes.removeAll {
                $0.name == "fill" || (glyph.name == "circle" && ($0.name == "cx" || $0.name == "cy"))
            }
            glyph.attributes.insert(MarkupAttribute("id", Self.glyphID(nodeClass, prefix: prefix)), at: 0)
            defs.append(glyph)
        }
        return defs
    }

    /// Lane bands and titles, and the layer of each column.
    func inlineGrid(_ layout: FlowDiagramLayout) -> MarkupElement {
        var grid = MarkupElement("g", ["class": "flow-grid"])
        var titles = MarkupElement("g", ["class": "lane-title", "text-anchor": "end"])
        for lane in FlowLane.allCases {
            let laneHeight = Double(layout.slots[lane]!) * slotHeight
            let y = layout.laneTop[lane]!
            grid.append(
                MarkupElement(
                    "rect",
                    [
                        "x": Self.int(left), "y": Self.int(y), "width": Self.int(Double(layout.columns) * columnWidth),
                        "height": Self.int(laneHeight), "class": "lane-band lane-\(lane.rawValue)",
                    ]))
            titles.append(Self.text(lane.title, x: left - 8, y: y + laneHeight / 2 + 4))
        }
        grid.append(titles)
        var columns = MarkupElement("g", ["class": "column-title"])
        for column in 0..<layout.columns {
            let x = left + Double(column) * columnWidth + columnWidth / 2
            columns.append(Self.text("L\(layout.first + column)", x: x, y: top - 12))
        }
        grid.append(columns)
        return grid
    }

    /// One node: a link (or group) moved to its centre, with title, seed ring, glyph, index and short label (the
    /// stylesheet tells the label from the index as the second `<text>`).
    func inlineNode(_ node: FlowDiagramNode, at point: (x: Double, y: Double), prefix: String) -> MarkupElement {
        var element: MarkupElement
        if let href = node.href, SVG.isSafeHref(href) {
            element = MarkupElement("a", ["href": href])
        } else {
            element = MarkupElement("g")
        }
        if node.isSeed { element[attribute: "class"] = "seed" }
        element[attribute: "transform"] = "translate(\(Self.int(point.x)),\(Self.int(point.y)))"
        element.append(SVG.title(FlowDiagramLayout.title(node, labelLimit: titleLabelLimit)))
        if node.isSeed {
            element.append(
                MarkupElement("circle", ["r": Self.int(nodeRadius + 6), "class": "seed-ring", "fill": "none"]))
        }
        element.append(MarkupElement("use", ["href": "#" + Self.glyphID(node.nodeClass, prefix: prefix)]))
        let index = node.id.split(separator: "/").last.map(String.init) ?? node.id
        element.append(MarkupElement("text", ["y": Self.int(nodeRadius + 15)], children: [.text(SVG.clean(index))]))
        if let label = node.label, !SVG.clean(label).isEmpty {
            element.append(
                MarkupElement(
                    "text", ["y": Self.int(nodeRadius + 23)], children: [.text(SVG.truncated(label, limit: labelLimit))]
                ))
        }
        return element
    }

    /// The legend: every class glyph, the seed ring and a dashed weak link, with their names.
    func inlineLegend(top: Double, perRow: Int, prefix: String) -> MarkupElement {
        var legend = MarkupElement("g", ["class": "legend", "text-anchor": "start"])
        var entries: [(MarkupElement, String)] = FlowNodeClass.allCases.map { nodeClass in
            (
                MarkupElement(
                    "use",
                    ["href": "#" + Self.glyphID(nodeClass, prefix: prefix), "transform": "scale(.64)"]),
                nodeClass.title
            )
        }
        entries.append((MarkupElement("circle", ["r": "8", "class": "seed-ring", "fill": "none"]), "seed"))
        entries.append((MarkupElement("path", ["d": "M-10 0H10", "class": "weak"]), "weak link"))
        for (position, (glyph, name)) in entries.enumerated() {
            let x = 16 + Double(position % perRow) * legendItemWidth + 12
            let y = top + Double(position / perRow) * 24 + 8
            var item = MarkupElement("g", ["transform": "translate(\(Self.int(x)),\(Self.int(y)))"])
            item.append(glyph)
            item.append(Self.text(name, x: 16, y: 4))
            legend.append(item)
        }
        return legend
    }

    // MARK: - Helpers

    /// The id of the glyph of `nodeClass`: `<prefix>-` and a short code (`t` translated, `p` processed, `nm`/`na`/`nb`
    /// newborn MLP/attention/both, `u` unexplained, `m` module leaf), as every node refers to it.
    static func glyphID(_ nodeClass: FlowNodeClass, prefix: String) -> String {
        let code: String
        switch nodeClass {
        case .translated: code = "t"
        case .processed: code = "p"
        case .newbornMLP: code = "nm"
        case .newbornAttention: code = "na"
        case .newbornBoth: code = "nb"
        case .unexplained: code = "u"
        case .moduleLeaf: code = "m"
        }
        return "\(prefix)-\(code)"
    }

    /// Path data of a straight segment, with `H`/`V` for horizontal and vertical ones ("M156 117H228").
    static func pathData(_ ends: (x1: Double, y1: Double, x2: Double, y2: Double)) -> String {
        let (x1, y1, x2, y2) = (int(ends.x1), int(ends.y1), int(ends.x2), int(ends.y2))
        if y1 == y2 { return "M\(x1) \(y1)H\(x2)" }
        if x1 == x2 { return "M\(x1) \(y1)V\(y2)" }
        return "M\(x1) \(y1)L\(x2) \(y2)"
    }

    /// The stroke-width class of an edge (`s1` 1.5 px, `s2` 2 px, `s3` 2.5 px; none: 1 px), from its cosine.
    static func widthClass(_ cosine: Double) -> String? {
        guard cosine.isFinite, cosine >= 0.25 else { return nil }
        if cosine >= 0.75 { return "s3" }
        return cosine >= 0.5 ? "s2" : "s1"
    }

    /// A plain `<text>` at (x, y); anchor and look come from the enclosing group.
    static func text(_ content: String, x: Double, y: Double) -> MarkupElement {
        MarkupElement("text", ["x": int(x), "y": int(y)], children: [.text(SVG.clean(content))])
    }

    /// `value` rounded to a whole number ("142").
    static func int(_ value: Double) -> String { SVGNumber.fixed(value, decimals: 0) }
}
