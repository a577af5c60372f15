/// Derives steering plans from flow graphs (METHOD.md §5).
public struct SteeringPlanner: Sendable {
    public let graphs: FlowGraphBuilder
    /// θ per (layer, site), as stored at match time; missing → θ = 1.
    public let thresholds: [Int: [Site: [Float]]]
    /// Hook names per (layer, site).
    public let hooks: [Int: [Site: String]]
    /// ‖W_dec[i]‖ of the raw decoder rows per (layer, site), as stored at match time; missing → unknown.
    public let decoderNorms: [Int: [Site: [Float]]]

    public init(
        graphs: FlowGraphBuilder, thresholds: [Int: [Site: [Float]]], hooks: [Int: [Site: String]],
        decoderNorms: [Int: [Site: [Float]]] = [:]
    ) {
        self.graphs = graphs
        self.thresholds = thresholds
        self.hooks = hooks
        self.decoderNorms = decoderNorms
    }

    /// Errors in a request.
    public struct InvalidRequest: LocatedError, Equatable {
        public var path: String? { nil }
        public var message: String
    }

    /// The plan for `request`.
    public func plan(_ request: SteeringRequest) throws -> SteeringPlan {
        guard let graph = graphs.graph(seed: request.seed) else {
            throw InvalidRequest(message: "\(request.seed) is not a residual feature of the flow database")
        }
        let span = graph.steeringSpan
        let target = request.layer ?? request.seed.layer
        guard span.contains(target) else {
            throw InvalidRequest(
                message:
                    "layer \(target) is outside the steering span \(span.lowerBound)…\(span.upperBound) of \(request.seed)"
            )
        }
        let layers = request.strategy == .singleLayer ? [target] : Array(span.lowerBound...target)
        var entries: [SteeringEntry] = []
        var usedHooks: [String: String] = [:]
        for layer in layers {
            guard let position = graph.spine.firstIndex(where: { $0.layer == layer }) else { continue }
            let node = graph.spine[position]
            var members: [(FeatureID, Float)] = [(node, spineCosine(graph, position: position) ?? 1)]
            members += graphs.leaves(of: node, threshold: graphs.parameters.steeringLeafThreshold)
            let coefficient = request.coefficient(at: layer, span: span)
            for (id, linkCosine) in members {
                let theta = value(thresholds, id) ?? 1
                let scale = request.operation == .add ? coefficient * theta : coefficient
                entries.append(
                    SteeringEntry(
                        layer: id.layer, site: id.site, feature: id.index, coefficient: coefficient, threshold: theta,
                        scale: scale, cosine: linkCosine, decoderNorm: value(decoderNorms, id)))
                if let hook = hooks[id.layer]?[id.site] { usedHooks["\(id.layer)/\(id.site.rawValue)"] = hook }
            }
        }
        return SteeringPlan(
            request: request, spanStart: span.lowerBound, spanEnd: span.upperBound, layers: layers, entries: entries,
            hooks: usedHooks)
    }

    /// The cosine of the spine link that ties `graph.spine[position]` to the seed side of the chain:
    /// to the next spine node before the seed, from the previous one after it; nil for the seed. Other
    /// edges into or out of the node (e.g. a descendant's) are not this link.
    func spineCosine(_ graph: FlowGraph, position: Int) -> Float? {
        let node = graph.spine[position]
        guard node != graph.seed else { return nil }
        let (from, to) =
            node.layer < graph.seed.layer
            ? (node, graph.spine[position + 1]) : (graph.spine[position - 1], node)
        return graph.edges.first { $0.from == from && $0.to == to }?.cosine
    }

    private func value(_ table: [Int: [Site: [Float]]], _ id: FeatureID) -> Float? {
        table[id.layer]?[id.site].flatMap { id.index < $0.count ? $0[id.index] : nil }
    }
}
