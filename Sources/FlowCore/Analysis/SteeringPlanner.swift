/// Derives steering plans from flow graphs (METHOD.md §5).
public struct SteeringPlanner: Sendable {
    public let graphs: FlowGraphBuilder
    /// θ per (layer, site), as stored at match time; missing → θ = 1.
    public let thresholds: [Int: [Site: [Float]]]
    /// Hook names per (layer, site).
    public let hooks: [Int: [Site: String]]

    public init(graphs: FlowGraphBuilder, thresholds: [Int: [Site: [Float]]], hooks: [Int: [Site: String]]) {
        self.graphs = graphs
        self.thresholds = thresholds
        self.hooks = hooks
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
            guard let node = graph.spine.first(where: { $0.layer == layer }) else { continue }
            // The residual link that ties this node to the seed side of the chain.
            let cosine = graph.edges.first { edge in
                edge.kind != .mlp && edge.kind != .att
                    && (layer < request.seed.layer ? edge.from == node : edge.to == node)
            }?.cosine
            var members: [(FeatureID, Float)] = [(node, node == request.seed ? 1 : cosine ?? 1)]
            members += graphs.leaves(of: node, threshold: graphs.parameters.steeringLeafThreshold)
            let coefficient = request.coefficient(at: layer, span: span)
            for (id, linkCosine) in members {
                let theta = thresholds[id.layer]?[id.site].flatMap { id.index < $0.count ? $0[id.index] : nil } ?? 1
                let scale = request.operation == .add ? coefficient * theta : coefficient
                entries.append(
                    SteeringEntry(
                        layer: id.layer, site: id.site, feature: id.index, coefficient: coefficient, threshold: theta,
                        scale: scale, cosine: linkCosine))
                if let hook = hooks[id.layer]?[id.site] { usedHooks["\(id.layer)/\(id.site.rawValue)"] = hook }
            }
        }
        return SteeringPlan(
            request: request, spanStart: span.lowerBound, spanEnd: span.upperBound, layers: layers, entries: entries,
            hooks: usedHooks)
    }
}
