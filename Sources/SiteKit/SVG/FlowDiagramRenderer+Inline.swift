import XMLSupport

/// The inline rendering: the same picture as `svg(_:)` without its legend (the page shows one), a fraction of its
/// size, themed by `site.css`, written straight through libxml2 (`MarkupWriter`) without building a tree.
///
/// Glyphs are drawn once in `<defs>` (one shape per class, ids `<idPrefix>-<code>`) and placed with `<use>`; a node
/// is an `<a>` (or `<g>` without a page) moved by `transform`, with a `<title>` giving its id and class, its index
/// under it and, when the diagram has labels, a short label below that (feature pages pass none: their tables list
/// the labels in full), both placed by the stylesheet (for the default `nodeRadius`); coordinates are integers;
/// colours, strokes, dashes and font sizes come from CSS classes; inherited properties (`marker-end`,
/// `text-anchor`, a column title's `y`) are set once on a group. The root is `role="group"`, named by its `<title>`,
/// so the node links stay reachable by screen readers.
extension FlowDiagramRenderer {
    /// The diagram as compact SVG markup to inline in a page (no XML declaration; needs the site stylesheet).
    public func inlineSVG(_ diagram: FlowDiagram) throws -> String {
        let layout = FlowDiagramLayout(diagram, renderer: self)
        let prefix = SiteNames.idFragment(idPrefix)
        let label = layout.label(diagram)
        let width = Self.int(left + Double(layout.columns) * columnWidth + 16)
        let height = Self.int(layout.lanesBottom + 4)
        let w = MarkupWriter()
        w.start("svg")
        w.attribute("xmlns", SVG.namespace)
        w.attribute("viewBox", "0 0 \(width) \(height)")
        w.attribute("width", width)
        w.attribute("height", height)
        w.attribute("class", "flow-diagram")
        w.attribute("role", "group")
        w.attribute("text-anchor", "middle")
        w.element("title", text: SVG.clean(label))
        writeDefs(w, prefix: prefix)
        writeGrid(w, layout)
        writeEdges(w, diagram, layout, prefix: prefix)
        w.start("g")
        w.attribute("class", "flow-nodes")
        for node in layout.orderedNodes { writeNode(w, node, at: layout.positions[node.id]!, prefix: prefix) }
        w.end()
        w.end()
        return try w.finish()
    }

    // MARK: - Parts

    /// The arrow head and one glyph per class (its shape, and its colour class for the stylesheet), centred on the
    /// origin.
    func writeDefs(_ w: MarkupWriter, prefix: String) {
        w.start("defs")
        w.start("marker")
        for (name, value) in [
            ("id", "\(prefix)-arrow"), ("viewBox", "0 0 10 10"), ("refX", "9"), ("refY", "5"), ("markerWidth", "7"),
            ("markerHeight", "7"), ("orient", "auto"),
        ] {
            w.attribute(name, value)
        }
        w.start("path")
        w.attribute("d", "M0 0L10 5L0 10z")
        w.attribute("class", "arrow-head")
        w.end()
        w.end()
        for (nodeClass, glyph) in zip(FlowNodeClass.allCases, glyphs) {
            w.start(glyph.name)
            w.attribute("id", Self.glyphID(nodeClass, prefix: prefix))
            for attribute in glyph.attributes { w.attribute(attribute.name, attribute.value) }
            w.end()
        }
        w.end()
    }

    /// The glyph of each class in `FlowNodeClass.allCases` order, centred on the origin with radius `radius`: its
    /// shape and colour class, without a fill (the stylesheet gives it) and without a circle's zero centre.
    static func glyphs(radius: Double) -> [MarkupElement] {
        FlowNodeClass.allCases.map { nodeClass in
            var glyph = SVG.shape(nodeClass.shape, x: 0, y: 0, r: radius, cssClass: nodeClass.cssClass, fill: "")
            let isCircle = glyph.name == "circle"
            glyph.attributes.removeAll { $0.name == "fill" || (isCircle && ["cx", "cy"].contains($0.name)) }
            return glyph
        }
    }

    /// Lane bands and titles, and the layer of each column.
    func writeGrid(_ w: MarkupWriter, _ layout: FlowDiagramLayout) {
        w.start("g")
        w.attribute("class", "flow-grid")
        for lane in FlowLane.allCases {
            w.start("rect")
            w.attribute("x", Self.int(left))
            w.attribute("y", Self.int(layout.laneTop[lane]!))
            w.attribute("width", Self.int(Double(layout.columns) * columnWidth))
            w.attribute("height", Self.int(Double(layout.slots[lane]!) * slotHeight))
            w.attribute("class", "lane-band lane-\(lane.rawValue)")
            w.end()
        }
        w.start("g")
        w.attribute("class", "lane-title")
        w.attribute("text-anchor", "end")
        for lane in FlowLane.allCases {
            let y = layout.laneTop[lane]! + Double(layout.slots[lane]!) * slotHeight / 2 + 4
            Self.writeText(w, lane.title, x: left - 8, y: y)
        }
        w.end()
        w.start("g")
        w.attribute("class", "column-title")
        w.attribute("transform", "translate(0,\(Self.int(top - 12)))")
        for column in 0..<layout.columns {
            w.start("text")
            w.attribute("x", Self.int(left + Double(column) * columnWidth + columnWidth / 2))
            w.text("L\(layout.first + column)")
            w.end()
        }
        w.end()
        w.end()
    }

    /// The edges (plain ones straight in the arrow-headed group, styled ones in a group per style) and their cosines
    /// (centred over mostly horizontal edges, beside mostly vertical ones).
    func writeEdges(_ w: MarkupWriter, _ diagram: FlowDiagram, _ layout: FlowDiagramLayout, prefix: String) {
        var paths: [String: [(data: String, title: String?)]] = [:]
        var labels: [(text: String, x: Double, y: Double)] = []
        var sideLabels: [(text: String, x: Double, y: Double)] = []
        for edge in diagram.edges {
            guard let from = layout.positions[edge.from], let to = layout.positions[edge.to], edge.from != edge.to
            else { continue }
            let ends = FlowDiagramLayout.trimmed(from: from, to: to, trim: nodeRadius + 3)
            var classes = FlowDiagramLayout.styleClasses(edge)
            if let width = Self.widthClass(edge.cosine) { classes.append(width) }
            paths[classes.joined(separator: " "), default: []].append(
                (Self.pathData(ends), edge.note.map { _ in FlowDiagramLayout.title(edge) }))
            let cosine = SVGNumber.fixed(edge.cosine, decimals: 2)
            if abs(to.x - from.x) >= abs(to.y - from.y) {
                labels.append((cosine, (from.x + to.x) / 2, (from.y + to.y) / 2 - 5))
            } else {
                let side = FlowDiagramLayout.sideLabelPosition(from: from, to: to, trim: nodeRadius + 3)
                sideLabels.append((cosine, side.x, side.y))
            }
        }
        w.start("g")
        w.attribute("class", "flow-edges")
        w.attribute("marker-end", "url(#\(prefix)-arrow)")
        for key in paths.keys.sorted() {
            if !key.isEmpty {
                w.start("g")
                w.attribute("class", key)
            }
            for path in paths[key]! {
                w.start("path")
                w.attribute("d", path.data)
                if let title = path.title { w.element("title", text: title) }
                w.end()
            }
            if !key.isEmpty { w.end() }
        }
        w.end()
        for (group, anchor) in [(labels, nil as String?), (sideLabels, "start")] where anchor == nil || !group.isEmpty {
            w.start("g")
            w.attribute("class", "edge-labels")
            if let anchor { w.attribute("text-anchor", anchor) }
            Self.writeLabelRows(w, group)
            w.end()
        }
    }

    /// Edge labels, row by row (top to bottom, left to right): a row of five or more (the residual spine's) is set
    /// in a group moved to its `y`, so each label carries only its `x`.
    static func writeLabelRows(_ w: MarkupWriter, _ labels: [(text: String, x: Double, y: Double)]) {
        let rows = Dictionary(grouping: labels) { int($0.y) }
        for y in rows.keys.sorted(by: { (Int($0) ?? 0, $0) < (Int($1) ?? 0, $1) }) {
            let row = rows[y]!.sorted { ($0.x, $0.text) < ($1.x, $1.text) }
            guard row.count >= 5 else {
                for label in row { writeText(w, label.text, x: label.x, y: label.y) }
                continue
            }
            w.start("g")
            w.attribute("transform", "translate(0,\(y))")
            for label in row {
                w.start("text")
                w.attribute("x", int(label.x))
                w.text(SVG.clean(label.text))
                w.end()
            }
            w.end()
        }
    }

    /// One node: a link (or group) moved to its centre, with title, seed ring, glyph, index and short label (the
    /// stylesheet tells the label from the index as the second `<text>`).
    func writeNode(_ w: MarkupWriter, _ node: FlowDiagramNode, at point: (x: Double, y: Double), prefix: String) {
        if let href = node.href, SVG.isSafeHref(href) {
            w.start("a")
            w.attribute("href", href)
        } else {
            w.start("g")
        }
        if node.isSeed || node.aside {
            w.attribute(
                "class",
                [node.isSeed ? "seed" : nil, node.aside ? "aside" : nil].compactMap { $0 }.joined(separator: " "))
        }
        w.attribute("transform", "translate(\(Self.int(point.x)),\(Self.int(point.y)))")
        w.element("title", text: FlowDiagramLayout.title(node, withLabel: false))
        if node.isSeed {
            w.start("circle")
            w.attribute("r", Self.int(nodeRadius + 6))
            w.attribute("class", "seed-ring")
            w.end()
        }
        w.start("use")
        w.attribute("href", "#" + Self.glyphID(node.nodeClass, prefix: prefix))
        w.end()
        let index = node.id.lastIndex(of: "/").map { String(node.id[node.id.index(after: $0)...]) } ?? node.id
        w.element("text", text: SVG.clean(index))
        if let label = node.label.map(SVG.clean), !label.isEmpty {
            w.element("text", text: SVG.truncated(label, limit: labelLimit))
        }
        w.end()
    }

    // MARK: - Helpers

    /// The id of the glyph of `nodeClass`: `<prefix>-` and its short code, as every node refers to it.
    static func glyphID(_ nodeClass: FlowNodeClass, prefix: String) -> String { "\(prefix)-\(nodeClass.code)" }

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
    static func writeText(_ w: MarkupWriter, _ content: String, x: Double, y: Double) {
        w.start("text")
        w.attribute("x", int(x))
        w.attribute("y", int(y))
        w.text(SVG.clean(content))
        w.end()
    }

    /// `value` rounded to a whole number ("142").
    static func int(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 1e15 else { return SVGNumber.fixed(value, decimals: 0) }
        return String(Int(value.rounded()))
    }
}
