/// Where everything of a flow diagram goes: the layer range, the nodes of each lane and layer (seed first, then input
/// order, duplicates and out-of-range nodes dropped), the lane bands, node centres and the overall size. Shared by the
/// standalone and the inline renderings so both draw the same picture.
struct FlowDiagramLayout {
    /// The leftmost layer drawn.
    let first: Int
    /// The rightmost layer drawn.
    let last: Int
    /// The nodes of each lane, by layer, in drawing order.
    let cells: [FlowLane: [Int: [FlowDiagramNode]]]
    /// Node slots per lane (at least one).
    let slots: [FlowLane: Int]
    /// Top edge of each lane band.
    let laneTop: [FlowLane: Double]
    /// Bottom of the last lane band.
    let lanesBottom: Double
    /// Centre of each placed node, by id.
    let positions: [String: (x: Double, y: Double)]
    /// Legend entries per row.
    let legendPerRow: Int
    /// Width of the whole drawing.
    let width: Double
    /// Height of the whole drawing.
    let height: Double

    /// Number of layer columns.
    var columns: Int { last - first + 1 }

    /// Lays out `diagram` with the renderer's geometry.
    init(_ diagram: FlowDiagram, renderer r: FlowDiagramRenderer) {
        first = min(diagram.firstLayer, diagram.lastLayer)
        last = max(diagram.firstLayer, diagram.lastLayer)
        let columns = last - first + 1

        var seen = Set<String>()
        var cells: [FlowLane: [Int: [FlowDiagramNode]]] = [:]
        for node in diagram.nodes where node.layer >= first && node.layer <= last && seen.insert(node.id).inserted {
            cells[node.lane, default: [:]][node.layer, default: []].append(node)
        }
        var slots: [FlowLane: Int] = [:]
        for lane in FlowLane.allCases {
            for (layer, nodes) in cells[lane] ?? [:] {
                cells[lane]![layer] = nodes.filter(\.isSeed) + nodes.filter { !$0.isSeed }
            }
            slots[lane] = max(1, (cells[lane] ?? [:]).values.map(\.count).max() ?? 1)
        }
        var laneTop: [FlowLane: Double] = [:]
        var y = r.top
        for lane in FlowLane.allCases {
            laneTop[lane] = y
            y += Double(slots[lane]!) * r.slotHeight + 8
        }
        lanesBottom = y
        let contentWidth = r.left + Double(columns) * r.columnWidth + 16
        legendPerRow = max(1, Int((contentWidth - 16) / r.legendItemWidth))
        let legendEntries = FlowNodeClass.allCases.count + 3
        let legendRows = (legendEntries + legendPerRow - 1) / legendPerRow
        height = lanesBottom + 12 + Double(legendRows) * 24 + 8
        width = max(contentWidth, r.left + 2 * r.legendItemWidth)

        var positions: [String: (x: Double, y: Double)] = [:]
        for lane in FlowLane.allCases {
            for (layer, nodes) in cells[lane] ?? [:] {
                for (slot, node) in nodes.enumerated() {
                    positions[node.id] = (
                        r.left + Double(layer - first) * r.columnWidth + r.columnWidth / 2,
                        laneTop[lane]! + Double(slot) * r.slotHeight + r.nodeRadius + 8
                    )
                }
            }
        }
        self.cells = cells
        self.slots = slots
        self.laneTop = laneTop
        self.positions = positions
    }

    /// The placed nodes in drawing order: lane by lane, layer by layer, then cell order.
    var orderedNodes: [FlowDiagramNode] {
        FlowLane.allCases.flatMap { lane in
            (cells[lane] ?? [:]).keys.sorted().flatMap { cells[lane]![$0]! }
        }
    }

    /// The accessible name of the diagram.
    func label(_ diagram: FlowDiagram) -> String {
        var label = "Flow diagram of \(diagram.title): \(positions.count) features across layers \(first)–\(last)"
        if let seed = diagram.nodes.first(where: { $0.isSeed }) { label += "; seed \(seed.id)" }
        return label
    }

    /// The tooltip and accessible name of a node: id, label (unless `withLabel` is false), class, and "(seed)".
    static func title(_ node: FlowDiagramNode, withLabel: Bool = true) -> String {
        var title = node.id
        if withLabel, let label = node.label.map(SVG.clean), !label.isEmpty { title += " — " + label }
        title += " — \(node.nodeClass.title)"
        if node.isSeed { title += " (seed)" }
        if let note = node.note.map(SVG.clean), !note.isEmpty { title += " — " + note }
        return title
    }

    /// Where the cosine of a mostly vertical edge goes: right of the line, just above the lower node, so it stays
    /// clear of the index and label texts under the upper node.
    static func sideLabelPosition(from: (x: Double, y: Double), to: (x: Double, y: Double), trim: Double) -> (
        x: Double, y: Double
    ) {
        let lower = from.y > to.y ? from : to
        return (lower.x + 6, lower.y - trim - 2)
    }

    /// The tooltip of an edge: its two ends, cosine and note.
    static func title(_ edge: FlowDiagramEdge) -> String {
        var title = "\(edge.from) → \(edge.to): cosine \(SVGNumber.fixed(edge.cosine, decimals: 2))"
        if let note = edge.note.map(SVG.clean), !note.isEmpty { title += "; " + note }
        return title
    }

    /// The style classes of an edge (`weak`, `aside`, `nocoact`), space-separated; empty for a plain one.
    static func styleClasses(_ edge: FlowDiagramEdge) -> [String] {
        var classes: [String] = []
        if edge.weak { classes.append("weak") }
        if edge.aside { classes.append("aside") }
        if edge.unsupported { classes.append("nocoact") }
        return classes
    }

    /// The end points of an edge drawn between two centres, each trimmed by `trim` so arrows stop at the glyphs.
    static func trimmed(
        from: (x: Double, y: Double), to: (x: Double, y: Double), trim: Double
    ) -> (x1: Double, y1: Double, x2: Double, y2: Double) {
        let dx = to.x - from.x
        let dy = to.y - from.y
        let length = max((dx * dx + dy * dy).squareRoot(), 0.001)
        let ux = dx / length
        let uy = dy / length
        return (from.x + ux * trim, from.y + uy * trim, to.x - ux * trim, to.y - uy * trim)
    }
}
