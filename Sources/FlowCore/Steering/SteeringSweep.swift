/// The plans a theme is run with: every strategy × layer l × strength (s for promoted themes, which
/// `add`; r for suppressed ones, which `rescale`), docs/steering.md.
public struct SteeringSweep: Codable, Sendable, Equatable {
    /// s (promote) or r (suppress) values.
    public var strengths: [Float]
    /// The layers l; nil picks up to three from the seeds' spans (`automaticLayers`).
    public var layers: [Int]?
    /// Strategies compared.
    public var strategies: [SteeringRequest.Strategy]
    /// The reading of l in the exponential schedule of `add` plans.
    public var layerOrigin: SteeringRequest.LayerOrigin

    /// A sweep.
    public init(
        strengths: [Float], layers: [Int]? = nil,
        strategies: [SteeringRequest.Strategy] = [.singleLayer, .cumulative, .initialOnly],
        layerOrigin: SteeringRequest.LayerOrigin = .absolute
    ) {
        self.strengths = strengths
        self.layers = layers
        self.strategies = strategies
        self.layerOrigin = layerOrigin
    }

    /// The default strengths: s ∈ {4, 8, 16} to promote (the paper's single-layer s = 8 in the middle),
    /// r ∈ {0, −2, −4} to suppress (0 removes the features' share, negative values reverse it).
    public static func defaultStrengths(_ direction: SteeringTheme.Direction) -> [Float] {
        direction == .promote ? [4, 8, 16] : [0, -2, -4]
    }

    /// Up to three layers spread over the seeds' steering spans, from the start of the earliest span to the
    /// latest seed: the span starts, the seeds' layers and their middle are candidates.
    public static func automaticLayers(planner: SteeringPlanner, seeds: [FeatureID]) -> [Int] {
        var candidates = Set<Int>()
        for seed in seeds {
            candidates.insert(seed.layer)
            if let graph = planner.graphs.graph(seed: seed) { candidates.insert(graph.steeringSpan.lowerBound) }
        }
        let sorted = candidates.sorted()
        guard sorted.count > 3 else { return sorted }
        return [sorted[0], sorted[sorted.count / 2], sorted[sorted.count - 1]]
    }

    /// The request for one point of the sweep.
    public func request(
        seed: FeatureID, strategy: SteeringRequest.Strategy, direction: SteeringTheme.Direction, strength: Float,
        layer: Int?
    ) -> SteeringRequest {
        if direction == .suppress {
            return SteeringRequest(
                seed: seed, strategy: strategy, schedule: .constant, operation: .rescale, strength: strength,
                layer: layer, layerOrigin: layerOrigin)
        }
        return SteeringRequest(
            seed: seed, strategy: strategy, schedule: .exponential(alpha: SteeringRequest.paperSetting(strategy).alpha),
            operation: .add, strength: strength, layer: layer, layerOrigin: layerOrigin)
    }

    /// Every plan of the sweep for `seeds` (points no seed's span allows are left out), in order:
    /// strategy, layer, strength. Initial-only plans have no layer (each seed at its own).
    public func plans(
        planner: SteeringPlanner, seeds: [FeatureID], theme: String, direction: SteeringTheme.Direction
    ) -> [SteeringPlan] {
        guard let first = seeds.first else { return [] }
        let sweepLayers = layers ?? Self.automaticLayers(planner: planner, seeds: seeds)
        var plans: [SteeringPlan] = []
        for strategy in strategies {
            let points: [Int?] = strategy == .initialOnly ? [nil] : sweepLayers.map { $0 }
            for layer in points {
                for strength in strengths {
                    let request = request(
                        seed: first, strategy: strategy, direction: direction, strength: strength, layer: layer)
                    if let plan = try? planner.plan(seeds: seeds, request, theme: theme), !plan.entries.isEmpty {
                        plans.append(plan)
                    }
                }
            }
        }
        return plans
    }

    /// The theme's residual graph features that no plan steers: what evaluation reads (docs/steering.md).
    public static func heldOut(planner: SteeringPlanner, seeds: [FeatureID], plans: [SteeringPlan]) -> [FeatureID] {
        var steered = Set<FeatureID>()
        for plan in plans {
            for entry in plan.entries {
                steered.insert(FeatureID(layer: entry.layer, hookSite: entry.hookSite, index: entry.feature))
            }
        }
        return planner.themeFeatures(seeds: seeds).filter { !steered.contains($0) }
    }
}
