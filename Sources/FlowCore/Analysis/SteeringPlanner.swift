/// Derives steering plans from flow graphs (METHOD.md §5).
public struct SteeringPlanner: Sendable {
    public let graphs: FlowGraphBuilder
    /// θ per (layer, site), as stored at match time; missing → θ = 1.
    public let thresholds: [Int: [HookSite: [Float]]]
    /// Hook names per (layer, site).
    public let hooks: [Int: [HookSite: String]]
    /// ‖W_dec[i]‖ of the raw decoder rows per (layer, site), as stored at match time; missing → unknown.
    public let decoderNorms: [Int: [HookSite: [Float]]]

    public init(
        graphs: FlowGraphBuilder, thresholds: [Int: [HookSite: [Float]]], hooks: [Int: [HookSite: String]],
        decoderNorms: [Int: [HookSite: [Float]]] = [:]
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

    /// The plan for `request` (one seed, `request.seed`).
    public func plan(_ request: SteeringRequest) throws -> SteeringPlan {
        try plan(seeds: [request.seed], request)
    }

    /// The plan for a theme set: the union of the plans `request` gives for each seed (its `seed` is
    /// ignored). A feature planned by several seeds appears once, with the largest |scale|. With one
    /// seed and no theme this is `plan(_:)` exactly; with several, seeds whose steering span does not
    /// hold the requested layer are left out (an error only when none is left). `.initialOnly` steers
    /// each seed alone at its own layer.
    public func plan(seeds: [FeatureID], _ request: SteeringRequest, theme: String? = nil) throws -> SteeringPlan {
        guard let first = seeds.first else { throw InvalidRequest(message: "a steering plan needs at least one seed") }
        var request = request
        request.seed = first
        var entries: [SteeringEntry] = []
        var positions: [FeatureID: Int] = [:]
        var usedHooks: [String: String] = [:]
        var layers = Set<Int>()
        var span: ClosedRange<Int>?
        for seed in seeds {
            guard let graph = graphs.graph(seed: seed) else {
                throw InvalidRequest(message: "\(seed) is not a residual feature of the flow database")
            }
            let seedSpan = graph.steeringSpan
            let target = request.layer ?? seed.layer
            if request.strategy != .initialOnly && !seedSpan.contains(target) {
                if seeds.count > 1 { continue }
                throw InvalidRequest(
                    message:
                        "layer \(target) is outside the steering span \(seedSpan.lowerBound)…\(seedSpan.upperBound) of \(seed)"
                )
            }
            span =
                span.map { min($0.lowerBound, seedSpan.lowerBound)...max($0.upperBound, seedSpan.upperBound) }
                ?? seedSpan
            for entry in seedEntries(graph, request, target: target) {
                layers.insert(entry.layer)
                let id = FeatureID(layer: entry.layer, hookSite: entry.hookSite, index: entry.feature)
                if let hook = hooks[id.layer]?[id.hookSite] { usedHooks["\(id.layer)/\(id.hookSite.rawValue)"] = hook }
                if let at = positions[id] {
                    if abs(entry.scale) > abs(entries[at].scale) { entries[at] = entry }
                } else {
                    positions[id] = entries.count
                    entries.append(entry)
                }
            }
        }
        guard let span else {
            throw InvalidRequest(
                message: "layer \(request.layer ?? first.layer) is outside the steering span of every seed")
        }
        let planLayers =
            seeds.count == 1 && request.strategy != .initialOnly
            ? (request.strategy == .singleLayer
                ? [request.layer ?? first.layer] : Array(span.lowerBound...(request.layer ?? first.layer)))
            : layers.sorted()
        var plan = SteeringPlan(
            request: request, spanStart: span.lowerBound, spanEnd: span.upperBound, layers: planLayers,
            entries: entries, hooks: usedHooks)
        if seeds.count > 1 || theme != nil {
            plan.seeds = seeds
            plan.theme = theme
        }
        return plan
    }

    /// One seed's entries: the spine node and its module leaves at each steered layer (single-layer,
    /// cumulative), or the seed alone (initial-only).
    func seedEntries(_ graph: FlowGraph, _ request: SteeringRequest, target: Int) -> [SteeringEntry] {
        let span = graph.steeringSpan
        let layers: [Int]
        switch request.strategy {
        case .singleLayer: layers = [target]
        case .cumulative: layers = Array(span.lowerBound...target)
        case .initialOnly: layers = [graph.seed.layer]
        }
        var entries: [SteeringEntry] = []
        for layer in layers {
            guard let position = graph.spine.firstIndex(where: { $0.layer == layer }) else { continue }
            let node = graph.spine[position]
            var members: [(FeatureID, Float)] = [(node, spineCosine(graph, position: position) ?? 1)]
            if request.strategy != .initialOnly {
                members += graphs.leaves(of: node, threshold: graphs.parameters.steeringLeafThreshold)
            }
            let coefficient = request.coefficient(at: layer, span: span)
            for (id, linkCosine) in members {
                let theta = value(thresholds, id) ?? 1
                let scale = request.operation == .add ? coefficient * theta : coefficient
                entries.append(
                    SteeringEntry(
                        layer: id.layer, hookSite: id.hookSite, feature: id.index, coefficient: coefficient,
                        threshold: theta,
                        scale: scale, cosine: linkCosine, decoderNorm: value(decoderNorms, id)))
            }
        }
        return entries
    }

    /// Every residual feature of the seeds' flow graphs (spine, descendants, continuation), sorted: the
    /// theme's features, from which evaluation takes the ones no plan steers.
    public func themeFeatures(seeds: [FeatureID]) -> [FeatureID] {
        var found = Set<FeatureID>()
        for seed in seeds {
            guard let graph = graphs.graph(seed: seed) else { continue }
            for node in graph.nodes where node.id.hookSite == .res { found.insert(node.id) }
        }
        return found.sorted()
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

    private func value(_ table: [Int: [HookSite: [Float]]], _ id: FeatureID) -> Float? {
        table[id.layer]?[id.hookSite].flatMap { id.index < $0.count ? $0[id.index] : nil }
    }
}
